import { NativeSelect, Stack, Table, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QUEUE_CLASSES } from '@kezek/domain';
import { QUEUE_STATUSES } from '@kezek/contracts';
import { useBenefitCategories } from '../api/applications.ts';
import { useQueue, useQueueGroupYears, type QueueFilters } from '../api/department.ts';
import { ListFilters, PagedTable, useCursorPaging, useListFilters } from '../shell/Pager.tsx';
import { benefitLabel, statusLabel } from '../shell/labels.ts';
import { formatDateTime, formatShortDate, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import { ChildCell } from '../shell/ChildCell.tsx';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';
import { useMyDistricts } from '../shell/districts.ts';
import { groupYears } from '../shell/options.ts';
import { ArchiveTable } from './ArchiveTable.tsx';

/** The queue of a district and group year in order (out-of-turn, then 1 : 3), page by page. */
export function QueuePage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const districts = useMyDistricts();
  const categories = useBenefitCategories();
  const paging = useCursorPaging();
  const { filters, change } = useListFilters(
    {
      districtId: '',
      // Unchosen: the first group year with children waiting.
      groupYear: '',
      benefitClass: '' as QueueFilters['benefitClass'],
      status: '' as QueueFilters['status'],
    },
    paging,
  );
  const [view, setView] = useState<'queue' | 'archive'>('queue');
  const districtId = filters.districtId || districts[0]?.value || '';
  const waiting = useQueueGroupYears(districtId ? Number(districtId) : null);
  const waitingIn = new Map(waiting.data?.items.map((item) => [item.groupYear, item.waiting]));
  const groupYear =
    filters.groupYear ||
    String(waiting.data?.items[0]?.groupYear ?? (waiting.isPending ? '' : groupYears()[3]));
  const queue = useQueue(
    {
      ...filters,
      districtId: districtId ? Number(districtId) : null,
      groupYear: groupYear ? Number(groupYear) : null,
    },
    paging.cursor,
  );
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.queue.lead')}>
        {t('department.queue.listTitle')}
      </PageTitle>
      <ListFilters cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={t('fields.district')}
          value={districtId}
          onChange={(event) => change({ districtId: event.currentTarget.value })}
          data={districts}
        />
        <NativeSelect
          label={t('department.queue.groupYear')}
          value={groupYear}
          onChange={(event) => change({ groupYear: event.currentTarget.value })}
          data={groupYears().map((year) => ({
            value: String(year),
            label: t('department.queue.groupYearOption', {
              year,
              count: waitingIn.get(year) ?? 0,
            }),
          }))}
        />
      </ListFilters>
      <Tabs value={view} onChange={(value) => setView(value === 'archive' ? 'archive' : 'queue')}>
        <Tabs.List aria-label={t('department.queue.tabs.label')}>
          <Tabs.Tab value="queue">{t('department.queue.tabs.waiting')}</Tabs.Tab>
          <Tabs.Tab value="archive">{t('department.queue.tabs.archive')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="archive" pt="md">
          {view === 'archive' ? (
            <ArchiveTable
              districtId={districtId ? Number(districtId) : null}
              groupYear={groupYear ? Number(groupYear) : null}
            />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="queue" pt="md">
          <Stack gap="lg">
            <ListFilters cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('department.queue.benefitClass')}
                value={filters.benefitClass}
                onChange={(event) =>
                  change({
                    benefitClass: event.currentTarget.value as QueueFilters['benefitClass'],
                  })
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
            </ListFilters>
            <Text size="sm" c="dimmed">
              {t('department.queue.order')}
            </Text>
            <ProblemAlert error={queue.error} />
            <PagedTable
              title={t('department.queue.tableTitle')}
              columns={[
                t('department.queue.columns.position'),
                t('department.queue.columns.benefitPosition'),
                t('department.queue.columns.number'),
                t('department.queue.columns.child'),
                t('department.queue.columns.birthDate'),
                t('department.queue.columns.benefit'),
                t('department.queue.columns.status'),
                t('department.queue.columns.registeredAt'),
              ]}
              minWidth={1000}
              rows={queue.data?.items ?? []}
              pending={queue.isPending}
              busy={queue.isFetching}
              empty={t('department.queue.empty')}
              paging={paging}
              nextCursor={queue.data?.nextCursor}
              pagesLabel={t('department.queue.paging')}
            >
              {(entry) => (
                <Table.Tr key={entry.applicationId}>
                  <Table.Td>{entry.position}</Table.Td>
                  <Table.Td>{entry.benefitPosition ?? '—'}</Table.Td>
                  <Table.Td>{entry.number}</Table.Td>
                  <Table.Td>
                    <ChildCell child={entry.child} />
                  </Table.Td>
                  <Table.Td>{formatShortDate(entry.child.birthDate)}</Table.Td>
                  <Table.Td>
                    {benefitLabel(t, categories.data?.items, entry.benefitCode, lng)}
                  </Table.Td>
                  <Table.Td>{statusLabel(t, entry.status)}</Table.Td>
                  <Table.Td>{formatDateTime(entry.registeredAt, { seconds: true })}</Table.Td>
                </Table.Tr>
              )}
            </PagedTable>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
