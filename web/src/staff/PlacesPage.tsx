import { Alert, Button, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../forms/DateField.tsx';
import { PLACE_STATES } from '@kezek/contracts';
import { languageOptions, typeOptions } from '../shell/options.ts';
import { ListFilters, PagedTable, useCursorPaging, useListFilters } from '../shell/Pager.tsx';
import { usePlaceBatches } from '../api/places.ts';
import { queryKeys } from '../api/query-client.ts';
import { useKindergartens } from '../api/reference.ts';
import { useUser } from '../api/session.ts';
import type { PlaceBatch } from '../api/types.ts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { NEW_ROW_BG, NewBadge, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AddPlacesDialog } from './AddPlacesDialog.tsx';
import {
  NO_PLACE_FILTERS,
  canAddPlaces,
  kindergartensInView,
  kindergartensToAddFor,
  placeQuery,
} from './places.ts';

const PAGE_SIZE = 20;
const COLUMNS = [
  'kindergarten',
  'groupYear',
  'language',
  'total',
  'free',
  'createdBy',
  'type',
  'createdAt',
  'state',
] as const;

/** The result of the last save: the batch, and how many children got the turn. */
function SavedAlert({ batch, onClose }: { batch: PlaceBatch; onClose: () => void }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const values = {
    kindergarten: kindergartenName(batch.kindergarten.name, lng),
    groupYear: batch.groupYear,
    count: batch.total,
    turns: batch.turnsGiven ?? 0,
  };
  return (
    <Alert
      color="green.9"
      variant="outline"
      role="status"
      // Mantine draws the title in the alert's colour: green fails AA contrast on white.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      title={t('places.saved.title')}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
    >
      {values.turns > 0 ? t('places.saved.turns', values) : t('places.saved.noTurns', values)}
    </Alert>
  );
}

function PlacesScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const user = useUser();
  const paging = useCursorPaging();
  const { filters, change, clear } = useListFilters(NO_PLACE_FILTERS, paging);
  const [debouncedYear] = useDebouncedValue(filters.groupYear, 300);
  const [dialog, setDialog] = useState({ opened: false, key: 0 });
  // The last saved batch, and the filters it was saved under: it is shown on top (even where the
  // filters leave it out) until they change.
  const [saved, setSaved] = useState<{ batch: PlaceBatch; filters: typeof filters } | null>(null);

  const kindergartens = useKindergartens();
  const all = kindergartens.data?.items ?? [];
  const inView = kindergartensInView(user, all);
  const addable = kindergartensToAddFor(user, all);
  const list = usePlaceBatches(
    placeQuery({ ...filters, groupYear: debouncedYear }),
    paging.cursor,
    PAGE_SIZE,
  );

  const items = list.data?.items ?? [];
  const pinned =
    saved && saved.filters === filters && !items.some((item) => item.id === saved.batch.id)
      ? saved.batch
      : null;
  const rows = pinned ? [pinned, ...items] : items;

  const openDialog = () => setDialog(({ key }) => ({ opened: true, key: key + 1 }));
  const closeDialog = () => setDialog(({ key }) => ({ opened: false, key }));
  const onSaved = async (batch: PlaceBatch) => {
    closeDialog();
    setSaved({ batch, filters });
    paging.reset();
    await queryClient.invalidateQueries({ queryKey: queryKeys.places });
  };

  const any = { value: '', label: t('common.any') };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <PageTitle description={t('places.lead')}>{t('places.title')}</PageTitle>
        {canAddPlaces(user) ? (
          <Button onClick={openDialog} disabled={kindergartens.isPending}>
            {t('places.add')}
          </Button>
        ) : null}
      </Group>

      {saved ? <SavedAlert batch={saved.batch} onClose={() => setSaved(null)} /> : null}

      <ListFilters cols={{ base: 1, sm: 2, lg: 4 }} onClear={clear}>
        <NativeSelect
          label={t('places.fields.kindergarten')}
          value={filters.kindergartenId}
          onChange={(event) => change({ kindergartenId: event.currentTarget.value })}
          data={[
            any,
            ...inView.map((item) => ({
              value: String(item.id),
              label: kindergartenName(item.name, lng),
            })),
          ]}
        />
        <TextInput
          label={t('places.fields.groupYear')}
          description={t('places.filters.groupYearHint')}
          inputMode="numeric"
          maxLength={4}
          value={filters.groupYear}
          onChange={(event) => change({ groupYear: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('places.fields.language')}
          value={filters.language}
          onChange={(event) => change({ language: event.currentTarget.value })}
          data={[any, ...languageOptions(t)]}
        />
        <NativeSelect
          label={t('fields.kindergartenType')}
          value={filters.type}
          onChange={(event) => change({ type: event.currentTarget.value })}
          data={[any, ...typeOptions(t)]}
        />
        <NativeSelect
          label={t('places.columns.state')}
          value={filters.state}
          onChange={(event) => change({ state: event.currentTarget.value })}
          data={[
            any,
            ...PLACE_STATES.map((state) => ({ value: state, label: t(`places.state.${state}`) })),
          ]}
        />
        <DateField
          label={t('places.filters.addedFrom')}
          value={filters.addedFrom}
          onChange={(addedFrom) => change({ addedFrom })}
        />
        <DateField
          label={t('places.filters.addedTo')}
          value={filters.addedTo}
          onChange={(addedTo) => change({ addedTo })}
        />
      </ListFilters>

      <ProblemAlert error={list.error ?? kindergartens.error} />

      <PagedTable
        title={t('places.tableTitle')}
        columns={COLUMNS.map((column) => t(`places.columns.${column}`))}
        minWidth={1000}
        rows={rows}
        pending={list.isPending}
        busy={list.isFetching}
        empty={t('places.empty')}
        paging={paging}
        nextCursor={list.data?.nextCursor}
        pagesLabel={t('places.pages')}
      >
        {(row) => {
          const isNew = row.id === saved?.batch.id;
          return (
            <Table.Tr key={row.id} bg={isNew ? NEW_ROW_BG : undefined}>
              <Table.Td>
                {kindergartenName(row.kindergarten.name, lng)}
                {isNew ? <NewBadge /> : null}
              </Table.Td>
              <Table.Td>{row.groupYear}</Table.Td>
              <Table.Td>{t(`language.${row.language}`)}</Table.Td>
              <Table.Td>{row.total}</Table.Td>
              <Table.Td>{row.free}</Table.Td>
              <Table.Td>
                {row.createdBy}
                {row.fromTransfer ? ` · ${t('places.fromTransfer')}` : null}
              </Table.Td>
              <Table.Td>{t(`kgType.${row.kindergarten.type}`)}</Table.Td>
              <Table.Td>
                <time dateTime={row.createdAt}>{formatDateTime(row.createdAt)}</time>
              </Table.Td>
              <Table.Td>{t(`places.state.${row.state}`)}</Table.Td>
            </Table.Tr>
          );
        }}
      </PagedTable>

      <AddPlacesDialog
        key={dialog.key}
        opened={dialog.opened}
        onClose={closeDialog}
        kindergartens={addable}
        onSaved={(batch) => void onSaved(batch)}
      />
    </Stack>
  );
}

/**
 * The free places base (docs/rules.md, "Turns and places released"): staff and administrators
 * add, officers read.
 */
export function PlacesPage() {
  return (
    <RequireRole roles={['staff', 'officer', 'admin']}>
      <PlacesScreen />
    </RequireRole>
  );
}
