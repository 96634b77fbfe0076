import { NativeSelect, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARCHIVE_STATUSES } from '@kezek/domain';
import { useArchive } from '../api/department.ts';
import { formatDateTime, formatShortDate } from '../i18n/format.ts';
import { ChildCell } from '../shell/ChildCell.tsx';
import { ProblemAlert } from '../shell/common.tsx';
import { statusLabel } from '../shell/labels.ts';
import { PagedTable, useCursorPaging } from '../shell/Pager.tsx';

type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

/**
 * The archive of a district (seed 004, «Список очередников и архивных заявок»): the applications
 * that no longer wait (enrolled, withdrawn, removed, refused), newest first.
 */
export function ArchiveTable({
  districtId,
  groupYear,
}: {
  districtId: number | null;
  groupYear: number | null;
}) {
  const { t } = useTranslation();
  const paging = useCursorPaging();
  const [status, setStatus] = useState<ArchiveStatus | ''>('');
  const archive = useArchive({ districtId, groupYear, status: status || undefined }, paging.cursor);
  return (
    <Stack gap="md">
      <NativeSelect
        maw={320}
        label={t('department.archive.status')}
        value={status}
        onChange={(event) => {
          setStatus(event.currentTarget.value as ArchiveStatus | '');
          paging.reset();
        }}
        data={[
          { value: '', label: t('common.any') },
          ...ARCHIVE_STATUSES.map((value) => ({ value, label: statusLabel(t, value) })),
        ]}
      />
      <ProblemAlert error={archive.error} />
      <PagedTable
        title={t('department.archive.tableTitle')}
        columns={[
          t('department.queue.columns.number'),
          t('department.queue.columns.child'),
          t('department.queue.columns.birthDate'),
          t('department.queue.columns.status'),
          t('department.archive.lastChangedAt'),
        ]}
        minWidth={860}
        rows={archive.data?.items ?? []}
        pending={archive.isPending}
        busy={archive.isFetching}
        empty={t('department.archive.empty')}
        paging={paging}
        nextCursor={archive.data?.nextCursor}
        pagesLabel={t('department.archive.paging')}
      >
        {(entry) => (
          <Table.Tr key={entry.applicationId}>
            <Table.Td>{entry.number}</Table.Td>
            <Table.Td>
              <ChildCell child={entry.child} />
            </Table.Td>
            <Table.Td>{formatShortDate(entry.child.birthDate)}</Table.Td>
            <Table.Td>{statusLabel(t, entry.status)}</Table.Td>
            <Table.Td>{formatDateTime(entry.lastChangedAt)}</Table.Td>
          </Table.Tr>
        )}
      </PagedTable>
    </Stack>
  );
}
