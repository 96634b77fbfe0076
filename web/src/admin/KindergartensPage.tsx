import {
  Badge,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useAdminKindergarten, useAdminKindergartens, useAdminRegions } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import type { AdminKindergarten, KindergartenType, Language } from '../api/types.ts';
import { kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { Pager, useCursorPaging, useListFilters } from './Pager.tsx';
import {
  districtIndex,
  districtOptions,
  languageOptions,
  languagesText,
  regionOptions,
  typeOptions,
} from './options.ts';

const PAGE_SIZE = 20;
const COLUMNS = 7;

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

      <Fieldset legend={t('common.filters')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
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
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="subtle" onClick={clear}>
            {t('common.clearFilters')}
          </Button>
        </Group>
      </Fieldset>

      <ProblemAlert error={list.error ?? regions.error} />

      <section>
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-busy={list.isFetching}>
            <TableHeading>{t('kindergartens.tableTitle')}</TableHeading>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fields.name')}</Table.Th>
                <Table.Th scope="col">{t('fields.kindergartenType')}</Table.Th>
                <Table.Th scope="col">{t('fields.languages')}</Table.Th>
                <Table.Th scope="col">{t('fields.district')}</Table.Th>
                <Table.Th scope="col">{t('fields.address')}</Table.Th>
                <Table.Th scope="col">{t('fields.phone')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.isPending ? (
                <LoadingRow colSpan={COLUMNS} />
              ) : rows.length === 0 ? (
                <EmptyRow colSpan={COLUMNS}>{t('kindergartens.empty')}</EmptyRow>
              ) : (
                rows.map((row) => {
                  const name = kindergartenName(row.name, lng);
                  const place = districts.get(row.districtId);
                  return (
                    <Table.Tr
                      key={row.id}
                      bg={row.id === created ? 'var(--mantine-color-green-0)' : undefined}
                    >
                      <Table.Td>
                        {name}
                        {row.id === created ? (
                          <Badge ml="xs" color="green" variant="outline">
                            {t('common.new')}
                          </Badge>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{t(`kgType.${row.type}`)}</Table.Td>
                      <Table.Td>{languagesText(row.languages, t)}</Table.Td>
                      <Table.Td>
                        {place ? localName(place.district.name, lng) : row.districtId}
                      </Table.Td>
                      <Table.Td>{row.address}</Table.Td>
                      <Table.Td>{row.phone ?? ''}</Table.Td>
                      <Table.Td>
                        <Button size="compact-sm" variant="default" onClick={() => edit(row)}>
                          {t('common.edit')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager
          paging={paging}
          nextCursor={list.data?.nextCursor}
          busy={list.isFetching}
          label={t('kindergartens.pages')}
        />
      </section>
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
