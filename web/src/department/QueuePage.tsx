import { Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUE_CLASSES } from '@kezek/domain';
import { QUEUE_STATUSES } from '@kezek/contracts';
import { useBenefitCategories } from '../api/applications.ts';
import { useQueue, type QueueFilters } from '../api/department.ts';
import { Pager, useCursorPaging } from '../admin/Pager.tsx';
import { benefitLabel, statusLabel } from '../applicant/labels.ts';
import { formatDateTime, formatShortDate, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { useMyDistricts } from './districts.ts';

/** The birth years a queue is kept for: the children under the age limit (7 by default). */
function groupYears(): number[] {
  const year = new Date().getFullYear();
  return Array.from({ length: 8 }, (_, i) => year - i);
}

/** The queue of a district and group year in order (out-of-turn, then 1 : 3), page by page. */
export function QueuePage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const districts = useMyDistricts();
  const categories = useBenefitCategories();
  const paging = useCursorPaging();
  const [filters, setFilters] = useState<QueueFilters>({
    districtId: null,
    groupYear: new Date().getFullYear() - 3,
    benefitClass: '',
    status: '',
  });
  const districtId = filters.districtId ?? (districts[0] ? Number(districts[0].value) : null);
  const queue = useQueue({ ...filters, districtId }, paging.cursor);
  const change = (next: Partial<QueueFilters>) => {
    setFilters((current) => ({ ...current, ...next }));
    paging.reset();
  };
  const rows = queue.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.queue.lead')}>{t('department.queue.title')}</PageTitle>
      <Group align="flex-end" role="group" aria-label={t('common.filters')}>
        <NativeSelect
          label={t('fields.district')}
          value={districtId === null ? '' : String(districtId)}
          onChange={(event) => change({ districtId: Number(event.currentTarget.value) })}
          data={districts}
        />
        <NativeSelect
          label={t('department.queue.groupYear')}
          value={String(filters.groupYear)}
          onChange={(event) => change({ groupYear: Number(event.currentTarget.value) })}
          data={groupYears().map(String)}
        />
        <NativeSelect
          label={t('department.queue.benefitClass')}
          value={filters.benefitClass}
          onChange={(event) =>
            change({ benefitClass: event.currentTarget.value as QueueFilters['benefitClass'] })
          }
          data={[
            { value: '', label: t('common.any') },
            ...QUEUE_CLASSES.map((value) => ({
              value,
              label: translate(t, `department.queueClass.${value}`),
            })),
          ]}
        />
        <NativeSelect
          label={t('department.queue.status')}
          value={filters.status}
          onChange={(event) =>
            change({ status: event.currentTarget.value as QueueFilters['status'] })
          }
          data={[
            { value: '', label: t('common.any') },
            ...QUEUE_STATUSES.map((value) => ({ value, label: statusLabel(t, value) })),
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('department.queue.order')}
      </Text>
      <ProblemAlert error={queue.error} />
      <Table.ScrollContainer minWidth={1000}>
        <Table striped withTableBorder aria-busy={queue.isFetching}>
          <TableHeading>{t('department.queue.tableTitle')}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('department.queue.columns.position')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.benefitPosition')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.number')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.child')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.birthDate')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.benefit')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('department.queue.columns.registeredAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.isPending ? (
              <LoadingRow colSpan={8} />
            ) : rows.length === 0 ? (
              <EmptyRow colSpan={8}>{t('department.queue.empty')}</EmptyRow>
            ) : (
              rows.map((entry) => (
                <Table.Tr key={entry.applicationId}>
                  <Table.Td>{entry.position}</Table.Td>
                  <Table.Td>{entry.benefitPosition ?? '—'}</Table.Td>
                  <Table.Td>{entry.number}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.child.fullName}</Text>
                    <Text size="sm" c="dimmed">
                      {t('department.iinValue', { iin: entry.child.iin })}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatShortDate(entry.child.birthDate)}</Table.Td>
                  <Table.Td>
                    {benefitLabel(t, categories.data?.items, entry.benefitCode, lng)}
                  </Table.Td>
                  <Table.Td>{statusLabel(t, entry.status)}</Table.Td>
                  <Table.Td>{formatDateTime(entry.registeredAt, { seconds: true })}</Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager
        paging={paging}
        nextCursor={queue.data?.nextCursor}
        busy={queue.isFetching}
        label={t('department.queue.paging')}
      />
    </Stack>
  );
}
