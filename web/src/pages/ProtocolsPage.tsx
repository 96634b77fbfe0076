import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PROTOCOL_LIST_MAX } from '@kezek/contracts';
import { addCalendarDays, isLocalDate, localDateOf } from '@kezek/domain';
import { protocolCsvUrl, useProtocol } from '../api/protocols.ts';
import { useRegions } from '../api/reference.ts';
import { DateField } from '../forms/DateField.tsx';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { districtOptions } from '../shell/options.ts';

/** `?districtId=&from=&to=`: the district and the period (Almaty calendar days) shown. */
export interface ProtocolsSearch {
  districtId?: number;
  from?: string;
  to?: string;
}

export function protocolsSearch(search: Record<string, unknown>): ProtocolsSearch {
  const districtId = Number(search.districtId);
  const date = (value: unknown) =>
    typeof value === 'string' && isLocalDate(value) ? value : undefined;
  const from = date(search.from);
  const to = date(search.to);
  return {
    ...(Number.isInteger(districtId) && districtId > 0 ? { districtId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/**
 * A table that scrolls sideways on a phone: with nothing in it to focus, the keyboard reaches
 * the scrolling region itself (as the application's history does).
 */
function ScrollingTable({
  title,
  columns,
  busy,
  children,
}: {
  title: string;
  columns: string[];
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      minWidth={720}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': title } }}
    >
      <Table striped withTableBorder aria-busy={busy}>
        <TableHeading>{title}</TableHeading>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Public protocols (docs/rules.md, "Public protocols"), like those Astana publishes: the places a
 * district's kindergartens released and the directions issued in a period, by pseudonym, and the
 * same as CSV. Anyone may read them; by default the last 366 days.
 */
export function ProtocolsPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const search = useSearch({ from: '/protocols' });
  const navigate = useNavigate({ from: '/protocols' });
  const regions = useRegions();
  const today = localDateOf(new Date());
  const districtId =
    search.districtId ?? regions.data?.items.flatMap((r) => r.districts)[0]?.id ?? null;
  const from = search.from ?? addCalendarDays(today, -365);
  const to = search.to ?? today;
  const query = districtId === null ? null : { districtId, from, to };
  const protocol = useProtocol(query);
  const go = (changes: ProtocolsSearch) =>
    void navigate({ search: (previous) => protocolsSearch({ ...previous, ...changes }) });
  const batches = protocol.data?.batches ?? [];
  const directions = protocol.data?.directions ?? [];
  const pending = protocol.isPending && query !== null;
  const truncated = protocol.data?.batchesTruncated || protocol.data?.directionsTruncated;

  return (
    <Stack gap="lg">
      <PageTitle description={t('protocols.lead')}>{t('protocols.title')}</PageTitle>
      <Group grow align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('fields.district')}
          value={districtId === null ? '' : String(districtId)}
          onChange={(event) => go({ districtId: Number(event.currentTarget.value) })}
          data={districtOptions(regions.data?.items ?? [], '', lng)}
        />
        <DateField
          label={t('protocols.from')}
          value={from}
          onChange={(value) => go({ from: value })}
        />
        <DateField label={t('protocols.to')} value={to} onChange={(value) => go({ to: value })} />
      </Group>
      <Group justify="space-between">
        <AnchorLink to="/queue" search={districtId === null ? {} : { districtId }}>
          {t('protocols.queueLink')}
        </AnchorLink>
        {query ? (
          <Button component="a" variant="light" href={protocolCsvUrl(query, lng)} download>
            {t('protocols.csv')}
          </Button>
        ) : null}
      </Group>
      <ProblemAlert error={protocol.error} />
      {truncated ? (
        <Alert color="yellow">{t('protocols.truncated', { count: PROTOCOL_LIST_MAX })}</Alert>
      ) : null}
      <Text size="sm" c="dimmed">
        {t('protocols.privacy')}
      </Text>
      <ScrollingTable
        title={t('protocols.batches')}
        busy={protocol.isFetching}
        columns={(
          ['at', 'kindergarten', 'groupYear', 'language', 'count', 'returned'] as const
        ).map((column) => t(`protocols.columns.${column}`))}
      >
        {pending ? <LoadingRow colSpan={6} /> : null}
        {!pending && batches.length === 0 ? (
          <EmptyRow colSpan={6}>{t('protocols.noBatches')}</EmptyRow>
        ) : null}
        {batches.map((batch, index) => (
          <Table.Tr key={index}>
            <Table.Td>{formatDateTime(batch.at)}</Table.Td>
            <Table.Td>{kindergartenName(batch.kindergarten.name, lng)}</Table.Td>
            <Table.Td>{batch.groupYear}</Table.Td>
            <Table.Td>{t(`language.${batch.language}`)}</Table.Td>
            <Table.Td>{batch.count}</Table.Td>
            <Table.Td>{batch.returned ? t('protocols.returned') : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </ScrollingTable>
      <ScrollingTable
        title={t('protocols.directions')}
        busy={protocol.isFetching}
        columns={(['at', 'pseudonym', 'kindergarten', 'groupYear', 'mode'] as const).map((column) =>
          t(`protocols.columns.${column}`),
        )}
      >
        {pending ? <LoadingRow colSpan={5} /> : null}
        {!pending && directions.length === 0 ? (
          <EmptyRow colSpan={5}>{t('protocols.noDirections')}</EmptyRow>
        ) : null}
        {directions.map((direction, index) => (
          <Table.Tr key={index}>
            <Table.Td>{formatDateTime(direction.at)}</Table.Td>
            <Table.Td>
              <Text span ff="monospace">
                {direction.pseudonym}
              </Text>
            </Table.Td>
            <Table.Td>{kindergartenName(direction.kindergarten.name, lng)}</Table.Td>
            <Table.Td>{direction.groupYear}</Table.Td>
            <Table.Td>{t(`protocols.mode.${direction.mode}`)}</Table.Td>
          </Table.Tr>
        ))}
      </ScrollingTable>
    </Stack>
  );
}
