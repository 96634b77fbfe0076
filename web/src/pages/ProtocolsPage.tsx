import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PROTOCOL_LIST_MAX } from '@kezek/contracts';
import { addCalendarDays, isLocalDate, localDateOf } from '@kezek/domain';
import { protocolCsvUrl, useProtocol } from '../api/protocols.ts';
import { useRegions } from '../api/reference.ts';
import { DateField } from '../forms/DateField.tsx';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';
import { ListTable } from '../shell/Pager.tsx';
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

const BATCH_COLUMNS = ['at', 'kindergarten', 'groupYear', 'language', 'count', 'returned'] as const;
const DIRECTION_COLUMNS = ['at', 'pseudonym', 'kindergarten', 'groupYear', 'mode'] as const;

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
      <ListTable
        title={t('protocols.batches')}
        columns={BATCH_COLUMNS.map((column) => t(`protocols.columns.${column}`))}
        minWidth={720}
        rows={batches}
        pending={pending}
        busy={protocol.isFetching}
        empty={t('protocols.noBatches')}
      >
        {(batch, index) => (
          <Table.Tr key={index}>
            <Table.Td>{formatDateTime(batch.at)}</Table.Td>
            <Table.Td>{kindergartenName(batch.kindergarten.name, lng)}</Table.Td>
            <Table.Td>{batch.groupYear}</Table.Td>
            <Table.Td>{t(`language.${batch.language}`)}</Table.Td>
            <Table.Td>{batch.count}</Table.Td>
            <Table.Td>{batch.returned ? t('protocols.returned') : '—'}</Table.Td>
          </Table.Tr>
        )}
      </ListTable>
      <ListTable
        title={t('protocols.directions')}
        columns={DIRECTION_COLUMNS.map((column) => t(`protocols.columns.${column}`))}
        minWidth={720}
        rows={directions}
        pending={pending}
        busy={protocol.isFetching}
        empty={t('protocols.noDirections')}
      >
        {(direction, index) => (
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
        )}
      </ListTable>
    </Stack>
  );
}
