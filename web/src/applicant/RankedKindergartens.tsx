import type { ReactNode } from 'react';
import { Fieldset, NativeSelect, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MAX_PREFERENCES } from '@kezek/domain';
import { useKindergartens } from '../api/reference.ts';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { ProblemAlert } from '../shell/common.tsx';
import { rankedWith, type NearbyValues } from './apply-fields.ts';
import { NearbyChoice } from './NearbyChoice.tsx';

/**
 * The kindergartens a parent ranks where the region gives places by ranked preferences
 * (docs/rules.md, "Ranked preferences"): up to five of the district's, best first; choosing a
 * kindergarten ranked elsewhere swaps the two ranks; then, where offered and if the parent wants,
 * any kindergarten within a radius of home.
 */
export function RankedKindergartens({
  districtId,
  value,
  onChange,
  firstError,
  nearby,
}: {
  districtId: number;
  /** Kindergarten ids by rank, as text; '' for a rank left empty. */
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** The first choice's error (required where the region ranks). */
  firstError?: ReactNode;
  /** "Then any within N km of home", where the form offers it (not for a transfer). */
  nearby?: {
    value: NearbyValues;
    onChange: (value: NearbyValues) => void;
    /** The home's error (required with a radius). */
    homeError?: string | undefined;
  };
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const kindergartens = useKindergartens();
  const offered = (kindergartens.data?.items ?? [])
    .filter((k) => k.districtId === districtId && k.type !== 'private')
    .map((k) => ({ value: String(k.id), label: kindergartenName(k.name, lng) }))
    .sort((a, b) => a.label.localeCompare(b.label, lng));
  return (
    <Fieldset legend={t('apply.ranked.legend')}>
      <Text size="sm" c="dimmed" mb="xs">
        {t('apply.ranked.hint', { count: MAX_PREFERENCES })}
      </Text>
      <ProblemAlert error={kindergartens.error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {Array.from({ length: MAX_PREFERENCES }, (_, rank) => (
          <NativeSelect
            key={rank}
            label={t('apply.ranked.rank', { rank: rank + 1 })}
            required={rank === 0}
            error={rank === 0 ? firstError : undefined}
            value={value[rank] ?? ''}
            data={[{ value: '', label: t('apply.ranked.none') }, ...offered]}
            onChange={(event) => onChange(rankedWith(value, rank, event.currentTarget.value))}
          />
        ))}
      </SimpleGrid>
      {nearby ? <NearbyChoice districtId={districtId} {...nearby} /> : null}
    </Fieldset>
  );
}
