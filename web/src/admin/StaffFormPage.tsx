import {
  Button,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { createStaffSchema, updateStaffSchema } from '@kezek/contracts';
import type { Kindergarten, Region } from '@kezek/contracts';
import { createStaff, updateStaff, useAdminRegions, useStaffAccount } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import { useKindergartens } from '../api/reference.ts';
import type { StaffAccount, StaffRole } from '../api/types.ts';
import { CheckboxPicker } from '../forms/CheckboxPicker.tsx';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { staffRoleOptions } from '../shell/options.ts';

/** Problem codes that concern one field of this form. */
const CODE_FIELDS = {
  staff_iin_taken: 'iin',
  invalid_iin: 'iin',
  unknown_kindergarten: 'kindergartenIds',
  unknown_district: 'districtIds',
};

type StaffValues = {
  iin: string;
  fullName: string;
  password: string;
  role: string;
  kindergartenIds: string[];
  districtIds: string[];
};

const ids = (values: string[]) => values.map(Number);

function createBody(values: StaffValues) {
  return {
    iin: values.iin.trim(),
    fullName: values.fullName,
    password: values.password,
    role: values.role || undefined,
    kindergartenIds: values.role === 'staff' ? ids(values.kindergartenIds) : undefined,
    districtIds: values.role === 'officer' ? ids(values.districtIds) : undefined,
  };
}

function updateBody(values: StaffValues) {
  return {
    fullName: values.fullName,
    password: values.password === '' ? undefined : values.password,
    role: values.role || undefined,
    kindergartenIds: values.role === 'staff' ? ids(values.kindergartenIds) : [],
    districtIds: values.role === 'officer' ? ids(values.districtIds) : [],
  };
}

function kindergartenGroups(
  kindergartens: readonly Kindergarten[],
  regions: readonly Region[],
  lng: ReturnType<typeof useLanguage>,
) {
  const districtNames = new Map<number, string>();
  for (const region of regions) {
    for (const district of region.districts)
      districtNames.set(district.id, localName(district.name, lng));
  }
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const kindergarten of kindergartens) {
    const group = districtNames.get(kindergarten.districtId) ?? `#${kindergarten.districtId}`;
    const items = groups.get(group) ?? [];
    items.push({ value: String(kindergarten.id), label: kindergartenName(kindergarten.name, lng) });
    groups.set(group, items);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

function StaffEditor({
  account,
  kindergartens,
  regions,
}: {
  account: StaffAccount | null;
  kindergartens: readonly Kindergarten[];
  regions: readonly Region[];
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const form = useForm<StaffValues>({
    initialValues: {
      iin: account?.iin ?? '',
      fullName: account?.fullName ?? '',
      password: '',
      role: account?.role ?? '',
      kindergartenIds: (account?.kindergartenIds ?? []).map(String),
      districtIds: (account?.districtIds ?? []).map(String),
    },
    validate: account
      ? zodValidate(updateStaffSchema, updateBody)
      : zodValidate(createStaffSchema, createBody),
  });

  const save = useMutation({
    mutationFn: async (values: StaffValues) => {
      if (account) {
        await updateStaff(account.id, updateStaffSchema.parse(updateBody(values)));
        return account.id;
      }
      return (await createStaff(createStaffSchema.parse(createBody(values)))).id;
    },
    onSuccess: async (id, values) => {
      const saved: StaffAccount = {
        id,
        iin: account?.iin ?? values.iin.trim(),
        fullName: values.fullName.trim(),
        role: values.role as StaffRole,
        kindergartenIds: values.role === 'staff' ? ids(values.kindergartenIds) : [],
        districtIds: values.role === 'officer' ? ids(values.districtIds) : [],
        active: account?.active ?? true,
        createdAt: account?.createdAt ?? new Date().toISOString(),
      };
      queryClient.setQueryData(queryKeys.adminStaffAccount(id), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminStaff });
      notifySuccess(
        account
          ? t('staff.updated', { name: saved.fullName })
          : t('staff.created', { name: saved.fullName }),
      );
      await navigate({ to: '/admin/staff', search: { created: id } });
    },
    onError: (error) => form.setErrors(problemFieldErrors(error, { codeFields: CODE_FIELDS })),
  });

  const role = form.values.role;
  const districtData = regions
    .filter((region) => region.districts.length > 0)
    .map((region) => ({
      group: localName(region.name, lng),
      items: region.districts.map((d) => ({ value: String(d.id), label: localName(d.name, lng) })),
    }));

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <FormProblemAlert error={save.error} codeFields={CODE_FIELDS} />
        <Paper withBorder p="md">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {account ? (
                <TextInput label={t('fields.iin')} value={account.iin} readOnly />
              ) : (
                <TextInput
                  label={t('fields.iin')}
                  description={t('fields.iinHint')}
                  inputMode="numeric"
                  maxLength={12}
                  required
                  autoComplete="off"
                  {...form.getInputProps('iin')}
                />
              )}
              <TextInput
                label={t('fields.fullName')}
                required
                autoComplete="off"
                {...form.getInputProps('fullName')}
              />
              <PasswordInput
                label={account ? t('staff.newPassword') : t('fields.password')}
                description={account ? t('staff.newPasswordHint') : t('staff.passwordHint')}
                required={!account}
                autoComplete="new-password"
                visibilityToggleButtonProps={{ 'aria-label': t('signin.showPassword') }}
                {...form.getInputProps('password')}
              />
              <NativeSelect
                label={t('fields.role')}
                required
                data={[{ value: '', label: t('common.choose') }, ...staffRoleOptions(t)]}
                {...form.getInputProps('role')}
              />
            </SimpleGrid>
            {role === 'staff' ? (
              <CheckboxPicker
                label={t('staff.kindergartens')}
                description={t('staff.kindergartensHint')}
                groups={kindergartenGroups(kindergartens, regions, lng)}
                {...form.getInputProps('kindergartenIds')}
              />
            ) : null}
            {role === 'officer' ? (
              <CheckboxPicker
                label={t('staff.districts')}
                description={t('staff.districtsHint')}
                groups={districtData}
                {...form.getInputProps('districtIds')}
              />
            ) : null}
            {role === 'admin' ? <Text>{t('staff.adminHint')}</Text> : null}
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <AnchorLink to="/admin/staff">{t('common.cancel')}</AnchorLink>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function useStaffReference() {
  const kindergartens = useKindergartens();
  const regions = useAdminRegions();
  return {
    pending: kindergartens.isPending || regions.isPending,
    error: kindergartens.error ?? regions.error,
    kindergartens: kindergartens.data?.items ?? [],
    regions: regions.data?.items ?? [],
  };
}

function CreateScreen() {
  const { t } = useTranslation();
  const reference = useStaffReference();
  return (
    <Stack>
      <PageTitle>{t('staff.newTitle')}</PageTitle>
      <ProblemAlert error={reference.error} />
      {reference.pending ? (
        <Loading />
      ) : (
        <StaffEditor
          account={null}
          kindergartens={reference.kindergartens}
          regions={reference.regions}
        />
      )}
    </Stack>
  );
}

function EditScreen() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/admin/staff/$id/edit' });
  const account = useStaffAccount(Number(id));
  const reference = useStaffReference();
  return (
    <Stack>
      <PageTitle>{t('staff.editTitle')}</PageTitle>
      {account.isError ? (
        <>
          <ProblemAlert error={account.error} />
          <AnchorLink to="/admin/staff">{t('staff.backToList')}</AnchorLink>
        </>
      ) : null}
      <ProblemAlert error={reference.error} />
      {account.isError ? null : account.isPending || reference.pending ? (
        <Loading />
      ) : (
        <StaffEditor
          key={id}
          account={account.data}
          kindergartens={reference.kindergartens}
          regions={reference.regions}
        />
      )}
    </Stack>
  );
}

export function StaffCreatePage() {
  return (
    <RequireRole roles={['admin']}>
      <CreateScreen />
    </RequireRole>
  );
}

export function StaffEditPage() {
  return (
    <RequireRole roles={['admin']}>
      <EditScreen />
    </RequireRole>
  );
}
