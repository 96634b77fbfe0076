import { Button, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useAdminKindergarten, useAdminKindergartens, useAdminRegions } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import type { AdminKindergarten, KindergartenType, Language } from '../api/types.ts';
import { kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { NEW_ROW_BG, NewBadge, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { ListFilters, PagedTable, useCursorPaging, useListFilters } from '../shell/Pager.tsx';
import {
  districtIndex,
  districtOptions,
  languageOptions,
  languagesText,
  regionOptions,
  typeOptions,
} from '../shell/options.ts';

const PAGE_SIZE = 20;

function KindergartensScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { created } = useSearch({ from: '/admin/kindergartens' });

  const paging = useCursorPaging();
  const { filters, change, clear } = useListFilters(
    { regionId: '', districtId: '', type: '', language: '', q: '' },
    paging,
  );
  const { regionId, districtId, type, language, q } = filters;
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const regions = useAdminRegions();
  const regionItems = regions.data?.items ?? [];
  const districts = districtIndex(regionItems);
  const list = useAdminKindergartens(
    {
      districtId: districtId ? Number(districtId) : undefined,
      type: (type || undefined) as KindergartenType | undefined,
      language: (language || undefined) as Language | undefined,
      q: debouncedQ || undefined,
    },
    paging.cursor,
    PAGE_SIZE,
  );
  const createdRow = useAdminKindergarten(created ?? 0, created !== undefined);

  const items = list.data?.items ?? [];
  const pinned =
    created && createdRow.data && !items.some((item) => item.id === created)
      ? createdRow.data
      : null;
  const rows = pinned ? [pinned, ...items] : items;

  const edit = (row: AdminKindergarten) => {
    queryClient.setQueryData(queryKeys.adminKindergarten(row.id), row);
    void navigate({ to: '/admin/kindergartens/$id/edit', params: { id: String(row.id) } });
  };

  const any = { value: '', label: t('common.any') };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <PageTitle description={t('kindergartens.lead')}>{t('admin.nav.kindergartens')}</PageTitle>
        <Button onClick={() => void navigate({ to: '/admin/kindergartens/new' })}>
          {t('kindergartens.add')}
        </Button>
      </Group>

      <ListFilters cols={{ base: 1, sm: 2, lg: 5 }} onClear={clear}>
        <NativeSelect
          label={t('fields.region')}
          value={regionId}
          onChange={(event) => change({ regionId: event.currentTarget.value, districtId: '' })}
          data={[any, ...regionOptions(regionItems, lng)]}
        />
        <NativeSelect
          label={t('fields.district')}
          value={districtId}
          onChange={(event) => change({ districtId: event.currentTarget.value })}
          data={[any, ...districtOptions(regionItems, regionId, lng)]}
        />
        <NativeSelect
          label={t('fields.kindergartenType')}
          value={type}
          onChange={(event) => change({ type: event.currentTarget.value })}
          data={[any, ...typeOptions(t)]}
        />
        <NativeSelect
          label={t('fields.languageOfInstruction')}
          value={language}
          onChange={(event) => change({ language: event.currentTarget.value })}
          data={[any, ...languageOptions(t)]}
        />
        <TextInput
          type="search"
          label={t('common.search')}
          description={t('kindergartens.searchHint')}
          value={q}
          onChange={(event) => change({ q: event.currentTarget.value })}
        />
      </ListFilters>

      <ProblemAlert error={list.error ?? regions.error} />

      <PagedTable
        title={t('kindergartens.tableTitle')}
        columns={[
          t('fields.name'),
          t('fields.kindergartenType'),
          t('fields.languages'),
          t('fields.district'),
          t('fields.address'),
          t('fields.phone'),
          t('common.actions'),
        ]}
        minWidth={900}
        rows={rows}
        pending={list.isPending}
        busy={list.isFetching}
        empty={t('kindergartens.empty')}
        paging={paging}
        nextCursor={list.data?.nextCursor}
        pagesLabel={t('kindergartens.pages')}
      >
        {(row) => {
          const place = districts.get(row.districtId);
          return (
            <Table.Tr key={row.id} bg={row.id === created ? NEW_ROW_BG : undefined}>
              <Table.Td>
                {kindergartenName(row.name, lng)}
                {row.id === created ? <NewBadge /> : null}
              </Table.Td>
              <Table.Td>{t(`kgType.${row.type}`)}</Table.Td>
              <Table.Td>{languagesText(row.languages, t)}</Table.Td>
              <Table.Td>{place ? localName(place.district.name, lng) : row.districtId}</Table.Td>
              <Table.Td>{row.address}</Table.Td>
              <Table.Td>{row.phone ?? ''}</Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="default" onClick={() => edit(row)}>
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        }}
      </PagedTable>
    </Stack>
  );
}

export function KindergartensPage() {
  return (
    <RequireRole roles={['admin']}>
      <KindergartensScreen />
    </RequireRole>
  );
}
