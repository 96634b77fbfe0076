import { useMemo } from 'react';
import { NativeSelect, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NEARBY_RADII_KM } from '@kezek/domain';
import { usePublicConfig } from '../api/directions.ts';
import { useKindergartens } from '../api/reference.ts';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { KindergartenMap } from '../placement/KindergartenMap.tsx';
import type { NearbyValues } from './apply-fields.ts';

/** The home's coordinate fields and their bounds in degrees. */
const HOME_FIELDS = [
  { field: 'lat', bound: 90 },
  { field: 'lon', bound: 180 },
] as const;

/**
 * "Then any kindergarten within N km of home" (docs/rules.md, "Ranked preferences"): the radius,
 * and the home marked on the map of the district's kindergartens or typed as coordinates (the map
 * shows only where its tiles load; the fields are also the way with a keyboard).
 */
export function NearbyChoice({
  districtId,
  value,
  onChange,
  homeError,
}: {
  districtId: number;
  value: NearbyValues;
  onChange: (value: NearbyValues) => void;
  homeError?: string | undefined;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const config = usePublicConfig();
  const kindergartens = useKindergartens();
  const points = useMemo(
    () =>
      (kindergartens.data?.items ?? []).flatMap((k) =>
        k.districtId === districtId && k.type !== 'private' && k.lat !== null && k.lon !== null
          ? [{ id: String(k.id), name: kindergartenName(k.name, lng), lat: k.lat, lon: k.lon }]
          : [],
      ),
    [kindergartens.data, districtId, lng],
  );
  const home = useMemo(
    () =>
      typeof value.lat === 'number' && typeof value.lon === 'number'
        ? { lat: value.lat, lon: value.lon }
        : null,
    [value.lat, value.lon],
  );
  const rounded = (degrees: number) => Math.round(degrees * 1e5) / 1e5;
  return (
    <Stack gap="xs" mt="md">
      <NativeSelect
        label={t('apply.nearby.label')}
        value={value.radiusKm}
        data={[
          { value: '', label: t('apply.nearby.none') },
          ...NEARBY_RADII_KM.map((km) => ({
            value: String(km),
            label: t('apply.nearby.km', { km }),
          })),
        ]}
        onChange={(event) => onChange({ ...value, radiusKm: event.currentTarget.value })}
      />
      {value.radiusKm !== '' ? (
        <>
          <Text size="sm" c="dimmed">
            {t('apply.nearby.hint')}
          </Text>
          {config.data?.mapTiles && points.length > 0 ? (
            <KindergartenMap
              tiles={config.data.mapTiles}
              points={points}
              homePick={{
                home,
                radiusKm: Number(value.radiusKm),
                onPick: (picked) =>
                  onChange({ ...value, lat: rounded(picked.lat), lon: rounded(picked.lon) }),
              }}
            />
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {HOME_FIELDS.map(({ field, bound }) => (
              <NumberInput
                key={field}
                label={t(`apply.nearby.${field}`)}
                required
                decimalScale={5}
                min={-bound}
                max={bound}
                value={value[field]}
                error={homeError}
                onChange={(degrees) => onChange({ ...value, [field]: degrees })}
              />
            ))}
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  );
}
