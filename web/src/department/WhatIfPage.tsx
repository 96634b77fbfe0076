import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { QUEUE_CLASSES } from '@kezek/domain';
import type { Language, whatIfRequestSchema, whatIfResultSchema } from '@kezek/contracts';
import { api } from '../api/client.ts';
import { useDepartmentKindergartens } from '../api/department.ts';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';
import { ListTable } from '../shell/Pager.tsx';
import { useMyDistricts } from '../shell/districts.ts';
import { groupYears, languageOptions } from '../shell/options.ts';

type WhatIfRequest = z.infer<typeof whatIfRequestSchema>;
type WhatIfResult = z.infer<typeof whatIfResultSchema>;
interface Group {
  groupYear: number;
  language: Language;
  count: number;
}

const newGroup = (): Group => ({ groupYear: groupYears()[3]!, language: 'kk', count: 25 });

/** One group's year, language and count: the fields of a release and of a new kindergarten's group. */
function GroupFields({
  group,
  languages,
  onChange,
  label,
}: {
  group: Group;
  languages: readonly Language[] | undefined;
  onChange: (group: Group) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const suffix = label ? ` (${label})` : '';
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('department.whatIf.groupYear') + suffix}
        value={String(group.groupYear)}
        onChange={(event) => onChange({ ...group, groupYear: Number(event.currentTarget.value) })}
        data={groupYears().map(String)}
      />
      <NativeSelect
        label={t('fields.languageOfInstruction') + suffix}
        value={group.language}
        onChange={(event) =>
          onChange({ ...group, language: event.currentTarget.value as Language })
        }
        data={languageOptions(t).filter(
          (option) => !languages || languages.includes(option.value as Language),
        )}
      />
      <NumberInput
        label={t('department.whatIf.count') + suffix}
        value={group.count}
        min={1}
        max={500}
        clampBehavior="strict"
        allowDecimal={false}
        onChange={(value) => onChange({ ...group, count: Number(value) || 1 })}
        w={140}
      />
    </Group>
  );
}

function Results({ result }: { result: WhatIfResult }) {
  const { t } = useTranslation();
  const days = (value: number | null) =>
    value === null ? '—' : t('department.whatIf.days', { count: Math.round(value) });
  const table = { pending: false, busy: false, empty: t('department.whatIf.nobody') };
  return (
    <Stack gap="md" aria-live="polite">
      <Alert color="blue" variant="light">
        {t('department.whatIf.nothingChanged')}
      </Alert>
      <ListTable
        {...table}
        title={t('department.whatIf.turnsTitle')}
        minWidth={720}
        columns={[
          t('department.whatIf.group'),
          t('department.whatIf.turns'),
          ...QUEUE_CLASSES.map((queueClass) => t(`department.queueClass.${queueClass}`)),
          t('department.whatIf.transfers'),
          t('department.whatIf.freeChoice'),
        ]}
        rows={result.groups}
      >
        {(group, index) => (
          <Table.Tr key={index}>
            <Table.Td>
              {t('department.whatIf.groupText', {
                year: group.groupYear,
                language: t(`languageShort.${group.language}`),
                count: group.count,
              })}
            </Table.Td>
            <Table.Td>
              {group.turns.length === 0
                ? t('department.whatIf.nobody')
                : t('department.whatIf.queueNumbers', { numbers: group.turns.join(', ') })}
            </Table.Td>
            {QUEUE_CLASSES.map((queueClass) => (
              <Table.Td key={queueClass}>{group.byClass[queueClass]}</Table.Td>
            ))}
            <Table.Td>{group.transfers}</Table.Td>
            <Table.Td>{group.toFreeChoice}</Table.Td>
          </Table.Tr>
        )}
      </ListTable>
      <ListTable
        {...table}
        title={t('department.whatIf.waitTitle')}
        minWidth={560}
        columns={[
          t('department.whatIf.groupYear'),
          t('department.whatIf.waiting'),
          t('department.whatIf.medianWait'),
        ]}
        rows={result.medianWait}
      >
        {(row) => (
          <Table.Tr key={row.groupYear}>
            <Table.Td>{row.groupYear}</Table.Td>
            <Table.Td>
              {t('department.whatIf.change', {
                before: row.waitingBefore,
                after: row.waitingAfter,
              })}
            </Table.Td>
            <Table.Td>
              {t('department.whatIf.change', {
                before: days(row.medianDaysBefore),
                after: days(row.medianDaysAfter),
              })}
            </Table.Td>
          </Table.Tr>
        )}
      </ListTable>
    </Stack>
  );
}

/**
 * What-if (docs/what-if.md): a release at a kindergarten, or a new kindergarten with its groups,
 * tried against today's queue by the real release's rules — nothing is saved.
 */
export function WhatIfPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const districts = useMyDistricts();
  const phone = useMediaQuery('(max-width: 36em)');
  const [kind, setKind] = useState<WhatIfRequest['kind']>('release');
  const [districtId, setDistrictId] = useState<number | null>(null);
  const chosenDistrict = districtId ?? (districts[0] ? Number(districts[0].value) : null);
  const kindergartens = useDepartmentKindergartens(chosenDistrict);
  const [kindergartenId, setKindergartenId] = useState<number | null>(null);
  const items = kindergartens.data?.items ?? [];
  const kindergarten = items.find((item) => item.id === kindergartenId) ?? items[0];
  const [release, setRelease] = useState<Group>(newGroup);
  const [groups, setGroups] = useState<Group[]>(() => [newGroup()]);
  const tryIt = useMutation({
    mutationFn: (request: WhatIfRequest) =>
      api<WhatIfResult>('/api/department/what-if', { method: 'POST', body: request }),
  });
  const request = (): WhatIfRequest | null => {
    if (kind === 'release')
      return kindergarten ? { kind, kindergartenId: kindergarten.id, ...release } : null;
    return chosenDistrict === null ? null : { kind, districtId: chosenDistrict, groups };
  };
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.whatIf.lead')}>
        {t('department.whatIf.title')}
      </PageTitle>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const body = request();
          if (body) tryIt.mutate(body);
        }}
      >
        <Stack gap="md" maw={760}>
          <SegmentedControl
            aria-label={t('department.whatIf.kind')}
            orientation={phone ? 'vertical' : 'horizontal'}
            value={kind}
            onChange={(value) => {
              setKind(value as WhatIfRequest['kind']);
              tryIt.reset();
            }}
            data={[
              { value: 'release', label: t('department.whatIf.release') },
              { value: 'new_kindergarten', label: t('department.whatIf.newKindergarten') },
            ]}
          />
          <NativeSelect
            label={t('fields.district')}
            value={chosenDistrict === null ? '' : String(chosenDistrict)}
            onChange={(event) => {
              setDistrictId(Number(event.currentTarget.value));
              setKindergartenId(null);
            }}
            data={districts}
          />
          {kind === 'release' ? (
            <>
              <NativeSelect
                label={t('department.whatIf.kindergarten')}
                value={kindergarten ? String(kindergarten.id) : ''}
                onChange={(event) => setKindergartenId(Number(event.currentTarget.value))}
                data={items.map((item) => ({
                  value: String(item.id),
                  label: kindergartenName(item.name, lng),
                }))}
              />
              <GroupFields
                group={release}
                languages={kindergarten?.languages}
                onChange={setRelease}
              />
            </>
          ) : (
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('department.whatIf.groups')}
              </Title>
              {groups.map((group, index) => (
                <Group key={index} align="flex-end" wrap="nowrap">
                  <GroupFields
                    group={group}
                    languages={undefined}
                    label={String(index + 1)}
                    onChange={(changed) =>
                      setGroups(groups.map((each, i) => (i === index ? changed : each)))
                    }
                  />
                  {groups.length > 1 ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t('department.whatIf.removeGroup', { n: index + 1 })}
                      onClick={() => setGroups(groups.filter((_, i) => i !== index))}
                    >
                      ×
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
              {groups.length < 12 ? (
                <Button
                  variant="light"
                  onClick={() => setGroups([...groups, newGroup()])}
                  w="fit-content"
                >
                  {t('department.whatIf.addGroup')}
                </Button>
              ) : null}
            </Stack>
          )}
          <Text size="sm" c="dimmed">
            {t('department.whatIf.how')}
          </Text>
          <Button type="submit" loading={tryIt.isPending} w="fit-content">
            {t('department.whatIf.submit')}
          </Button>
        </Stack>
      </form>
      <ProblemAlert error={tryIt.error} />
      {tryIt.data ? <Results result={tryIt.data} /> : null}
    </Stack>
  );
}
