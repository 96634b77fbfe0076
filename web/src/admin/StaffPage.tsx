import { Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { updateStaff, useAdminRegions, useStaffAccount, useStaffAccounts } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import { useKindergartens } from '../api/reference.ts';
import type { StaffAccount, StaffRole } from '../api/types.ts';
import { kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { NewBadge, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { ListFilters, PagedTable, useCursorPaging, useListFilters } from '../shell/Pager.tsx';
import { districtIndex, staffRoleOptions } from '../shell/options.ts';

const PAGE_SIZE = 20;

function StaffScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { created } = useSearch({ from: '/admin/staff' });

  const paging = useCursorPaging();
  const { filters, change } = useListFilters({ role: '', q: '' }, paging);
  const { role, q } = filters;
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const list = useStaffAccounts(
    { role: (role || undefined) as StaffRole | undefined, q: debouncedQ || undefined },
    paging.cursor,
    PAGE_SIZE,
  );
  const createdAccount = useStaffAccount(created ?? 0, created !== undefined);
  const kindergartens = useKindergartens();
  const regions = useAdminRegions();
  const kindergartenById = new Map((kindergartens.data?.items ?? []).map((k) => [k.id, k]));
  const districts = districtIndex(regions.data?.items ?? []);

  const items = list.data?.items ?? [];
  const pinned =
    created && createdAccount.data && !items.some((item) => item.id === created)
      ? createdAccount.data
      : null;
  const rows = pinned ? [pinned, ...items] : items;

  const setActive = useMutation({
    mutationFn: ({ account, active }: { account: StaffAccount; active: boolean }) =>
      updateStaff(account.id, { active }),
    onSuccess: async (_result, { account, active }) => {
      queryClient.setQueryData(queryKeys.adminStaffAccount(account.id), { ...account, active });
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminStaff });
      notifySuccess(
        active
          ? t('staff.activated', { name: account.fullName })
          : t('staff.deactivated', { name: account.fullName }),
      );
    },
  });

  const confirmActive = (account: StaffAccount, active: boolean) => {
    const values = { name: account.fullName, iin: account.iin };
    modals.openConfirmModal({
      title: active ? t('staff.activateTitle') : t('staff.deactivateTitle'),
      children: (
        <Text>{active ? t('staff.activateText', values) : t('staff.deactivateText', values)}</Text>
      ),
      labels: {
        confirm: active ? t('staff.activate') : t('staff.deactivate'),
        cancel: t('common.cancel'),
      },
      confirmProps: { color: active ? undefined : 'red.9' },
      onConfirm: () => setActive.mutate({ account, active }),
    });
  };

  const edit = (account: StaffAccount) => {
    queryClient.setQueryData(queryKeys.adminStaffAccount(account.id), account);
    void navigate({ to: '/admin/staff/$id/edit', params: { id: String(account.id) } });
  };

  const placesOf = (account: StaffAccount): string => {
    const names = [
      ...account.kindergartenIds.map((id) => {
        const kindergarten = kindergartenById.get(id);
        return kindergarten ? kindergartenName(kindergarten.name, lng) : `#${id}`;
      }),
      ...account.districtIds.map((id) => {
        const place = districts.get(id);
        return place ? localName(place.district.name, lng) : `#${id}`;
      }),
    ];
    return names.join('; ');
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <PageTitle description={t('staff.lead')}>{t('admin.nav.staff')}</PageTitle>
        <Button onClick={() => void navigate({ to: '/admin/staff/new' })}>{t('staff.add')}</Button>
      </Group>

      <ListFilters cols={{ base: 1, sm: 2 }}>
        <NativeSelect
          label={t('fields.role')}
          value={role}
          onChange={(event) => change({ role: event.currentTarget.value })}
          data={[{ value: '', label: t('common.any') }, ...staffRoleOptions(t)]}
        />
        <TextInput
          type="search"
          label={t('common.search')}
          description={t('staff.searchHint')}
          value={q}
          onChange={(event) => change({ q: event.currentTarget.value })}
        />
      </ListFilters>

      <ProblemAlert error={list.error ?? setActive.error} />

      <PagedTable
        title={t('staff.tableTitle')}
        columns={[
          t('fields.iin'),
          t('fields.fullName'),
          t('fields.role'),
          t('staff.places'),
          t('staff.active'),
          t('common.actions'),
        ]}
        minWidth={900}
        rows={rows}
        pending={list.isPending}
        busy={list.isFetching}
        empty={t('staff.empty')}
        paging={paging}
        nextCursor={list.data?.nextCursor}
        pagesLabel={t('staff.pages')}
      >
        {(account) => (
          <Table.Tr key={account.id}>
            <Table.Td>{account.iin}</Table.Td>
            <Table.Td>
              {account.fullName}
              {account.id === created ? <NewBadge /> : null}
            </Table.Td>
            <Table.Td>{t(`role.${account.role}`)}</Table.Td>
            <Table.Td>{placesOf(account)}</Table.Td>
            <Table.Td>{account.active ? t('common.yes') : t('common.no')}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button size="compact-sm" variant="default" onClick={() => edit(account)}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="compact-sm"
                  variant="outline"
                  color={account.active ? 'red.9' : undefined}
                  onClick={() => confirmActive(account, !account.active)}
                >
                  {account.active ? t('staff.deactivate') : t('staff.activate')}
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      </PagedTable>
    </Stack>
  );
}

export function StaffAccountsPage() {
  return (
    <RequireRole roles={['admin']}>
      <StaffScreen />
    </RequireRole>
  );
}
