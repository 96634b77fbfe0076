import { Badge, Button, Card, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PUBLIC_QUEUE_PAGE } from '@kezek/contracts';
import { useJournal } from '../api/applications.ts';
import { publicQueuePlace, usePublicQueue, type PublicQueueEntry } from '../api/public-queue.ts';
import { useRegions } from '../api/reference.ts';
import { hasRole, useUser } from '../api/session.ts';
import { formatDateTime, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import {
  EmptyRow,
  LoadingRow,
  NEW_ROW_BG,
  PageTitle,
  ProblemAlert,
  TableHeading,
} from '../shell/common.tsx';
import { isWaiting, statusLabel } from '../shell/labels.ts';
import { AnchorLink } from '../shell/links.tsx';
import { districtOptions, groupYears } from '../shell/options.ts';

/** `?districtId=&groupYear=&cursor=&mine=`: the queue, its page, and the own row to show. */
export interface PublicQueueSearch {
  districtId?: number;
  groupYear?: number;
  cursor?: number;
  mine?: string;
}

export function publicQueueSearch(search: Record<string, unknown>): PublicQueueSearch {
  const number = (value: unknown) => {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const districtId = number(search.districtId);
  const groupYear = number(search.groupYear);
  const cursor = number(search.cursor);
  return {
    ...(districtId ? { districtId } : {}),
    ...(groupYear ? { groupYear } : {}),
    ...(cursor ? { cursor } : {}),
    ...(typeof search.mine === 'string' && /^[a-z2-7]{10}$/.test(search.mine)
      ? { mine: search.mine }
      : {}),
  };
}

/** The own row's table row (desktop) and card (phone): only one of the two is displayed. */
const rowIds = (pseudonym: string) => ({
  row: `queue-row-${pseudonym}`,
  card: `queue-card-${pseudonym}`,
});

/** Focuses the displayed one of the own row's two renderings, which scrolls it into view. */
function focusOwnRow(pseudonym: string): void {
  const ids = rowIds(pseudonym);
  [ids.row, ids.card]
    .map((id) => document.getElementById(id))
    .find((element) => element?.checkVisibility())
    ?.focus();
}

/**
 * The public queue (docs/rules.md, "The public queue"): anyone reads a district's queue of one
 * group year under pseudonyms; a signed-in parent sees their own rows marked and may jump to them.
 * The cursor is the queue number before the page, so the previous page is `limit` numbers back.
 */
export function PublicQueuePage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const search = useSearch({ from: '/queue' });
  const navigate = useNavigate({ from: '/queue' });
  const regions = useRegions();
  const user = useUser();
  const parent = hasRole(user, ['applicant']);
  const journal = useJournal(parent);
  const firstDistrict = regions.data?.items.flatMap((r) => r.districts)[0]?.id;
  const districtId = search.districtId ?? firstDistrict ?? null;
  const groupYear = search.groupYear ?? groupYears()[3]!;
  const queue = usePublicQueue(districtId, groupYear, search.cursor);
  const own = new Set(journal.data?.items.map((a) => a.pseudonym));
  const waiting = (journal.data?.items ?? []).filter((a) => isWaiting(a.status));
  const [jumpError, setJumpError] = useState<unknown>(null);

  const go = (changes: PublicQueueSearch) =>
    void navigate({ search: (previous) => publicQueueSearch({ ...previous, ...changes }) });
  const choose = (changes: PublicQueueSearch) =>
    go({ ...changes, cursor: undefined, mine: undefined });
  const jump = async (applicationId: string) => {
    try {
      const place = await publicQueuePlace(applicationId);
      setJumpError(null);
      go({
        districtId: place.districtId,
        groupYear: place.groupYear,
        cursor: place.cursor === null ? undefined : Number(place.cursor),
        mine: place.pseudonym,
      });
    } catch (error) {
      setJumpError(error);
    }
  };

  // Once the page with the own row is shown, the row takes the focus (and so the view).
  const shown = queue.data?.items.some((item) => item.pseudonym === search.mine);
  useEffect(() => {
    if (search.mine && shown) focusOwnRow(search.mine);
  }, [search.mine, shown]);

  const previousCursor = search.cursor ? search.cursor - PUBLIC_QUEUE_PAGE.default : null;
  const rows = queue.data?.items ?? [];
  const classLabel = (entry: PublicQueueEntry) =>
    translate(t, `department.queueClass.${entry.queueClass}`);
  const mark = (entry: PublicQueueEntry) =>
    own.has(entry.pseudonym) ? (
      <Badge ml="xs" color="teal.9" variant="filled">
        {t('publicQueue.mine')}
      </Badge>
    ) : null;
  const rowProps = (entry: PublicQueueEntry, rendering: 'row' | 'card') => ({
    id: rowIds(entry.pseudonym)[rendering],
    tabIndex: -1,
    // Every own row is tinted; the one jumped to is outlined too, as a parent may have several.
    style: {
      ...(own.has(entry.pseudonym) ? { background: NEW_ROW_BG } : {}),
      ...(entry.pseudonym === search.mine
        ? { outline: '2px solid var(--mantine-color-teal-9)', outlineOffset: -2 }
        : {}),
    },
    'aria-current': entry.pseudonym === search.mine ? ('true' as const) : undefined,
  });
  const title = t('publicQueue.tableTitle');

  return (
    <Stack gap="lg">
      <PageTitle description={t('publicQueue.lead')}>{t('publicQueue.title')}</PageTitle>
      <Group grow align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('fields.district')}
          value={districtId === null ? '' : String(districtId)}
          onChange={(event) => choose({ districtId: Number(event.currentTarget.value) })}
          data={districtOptions(regions.data?.items ?? [], '', lng)}
        />
        <NativeSelect
          label={t('publicQueue.groupYear')}
          value={String(groupYear)}
          onChange={(event) => choose({ groupYear: Number(event.currentTarget.value) })}
          data={groupYears().map((year) => String(year))}
        />
      </Group>
      {waiting.length > 0 ? (
        <Group gap="sm">
          {waiting.map((application) => (
            <Button key={application.id} variant="light" onClick={() => void jump(application.id)}>
              {t('publicQueue.jump', { pseudonym: application.pseudonym })}
            </Button>
          ))}
        </Group>
      ) : null}
      <ProblemAlert error={jumpError ?? queue.error} />
      <Text size="sm" c="dimmed">
        {t('publicQueue.privacy')}{' '}
        <AnchorLink to="/transparency" underline="always">
          {t('publicQueue.transparencyLink')}
        </AnchorLink>
      </Text>
      <Table.ScrollContainer minWidth={720} visibleFrom="sm">
        <Table striped withTableBorder aria-busy={queue.isFetching}>
          <TableHeading>{title}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              {(
                [
                  'position',
                  'benefitPosition',
                  'pseudonym',
                  'queueClass',
                  'registeredAt',
                  'status',
                ] as const
              ).map((column) => (
                <Table.Th key={column} scope="col">
                  {t(`publicQueue.columns.${column}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.isPending ? <LoadingRow colSpan={6} /> : null}
            {!queue.isPending && rows.length === 0 ? (
              <EmptyRow colSpan={6}>{t('publicQueue.empty')}</EmptyRow>
            ) : null}
            {rows.map((entry) => (
              <Table.Tr key={entry.pseudonym} {...rowProps(entry, 'row')}>
                <Table.Td>{entry.position}</Table.Td>
                <Table.Td>{entry.benefitPosition ?? '—'}</Table.Td>
                <Table.Td>
                  <Text span ff="monospace">
                    {entry.pseudonym}
                  </Text>
                  {mark(entry)}
                </Table.Td>
                <Table.Td>{classLabel(entry)}</Table.Td>
                <Table.Td>{formatDateTime(entry.registeredAt)}</Table.Td>
                <Table.Td>{statusLabel(t, entry.status)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack component="ul" gap="sm" hiddenFrom="sm" aria-label={title} p={0} m={0}>
        {!queue.isPending && rows.length === 0 ? <Text>{t('publicQueue.empty')}</Text> : null}
        {rows.map((entry) => (
          <Card
            component="li"
            withBorder
            padding="sm"
            key={entry.pseudonym}
            {...rowProps(entry, 'card')}
          >
            <Group justify="space-between">
              <Text fw={700}>{t('publicQueue.place', { position: entry.position })}</Text>
              <Text>{statusLabel(t, entry.status)}</Text>
            </Group>
            <Text>
              <Text span ff="monospace">
                {entry.pseudonym}
              </Text>
              {mark(entry)}
            </Text>
            <Text size="sm">
              {classLabel(entry)}
              {entry.benefitPosition !== null
                ? ` · ${t('publicQueue.benefitPlace', { position: entry.benefitPosition })}`
                : ''}
            </Text>
            <Text size="sm">{formatDateTime(entry.registeredAt)}</Text>
          </Card>
        ))}
      </Stack>
      <nav aria-label={t('publicQueue.paging')}>
        <Group justify="space-between">
          <Button
            variant="default"
            disabled={previousCursor === null || queue.isFetching}
            onClick={() =>
              go({
                cursor: previousCursor! > 0 ? previousCursor! : undefined,
                mine: undefined,
              })
            }
          >
            {t('paging.previous')}
          </Button>
          <Button
            variant="default"
            disabled={!queue.data?.nextCursor || queue.isFetching}
            onClick={() => go({ cursor: Number(queue.data?.nextCursor), mine: undefined })}
          >
            {t('paging.next')}
          </Button>
        </Group>
      </nav>
    </Stack>
  );
}
