import { Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createDistrictSchema, createRegionSchema, updateDistrictSchema } from '@kezek/contracts';
import type { District, Region, TrilingualName } from '@kezek/contracts';
import {
  createDistrict,
  createRegion,
  updateDistrict,
  updateRegion,
  useAdminRegions,
} from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { localName, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { RequireRole } from '../shell/guards.tsx';

const REGION_CODE_FIELDS = { region_code_taken: 'code' };
const EMPTY_NAME: TrilingualName = { kk: '', ru: '', en: '' };

function NameInputs({
  form,
}: {
  form: { getInputProps: (path: `name.${keyof TrilingualName}`) => object };
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('fields.nameKk')} required {...form.getInputProps('name.kk')} />
      <TextInput label={t('fields.nameRu')} required {...form.getInputProps('name.ru')} />
      <TextInput label={t('fields.nameEn')} required {...form.getInputProps('name.en')} />
    </>
  );
}

type RegionValues = { code: string; name: TrilingualName };

function RegionForm({ region, onDone }: { region: Region | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<RegionValues>({
    initialValues: region
      ? { code: region.code, name: { ...region.name } }
      : { code: '', name: EMPTY_NAME },
    validate: zodValidate(createRegionSchema, undefined, {
      'code|invalid_format': 'validation.regionCode',
    }),
  });
  const save = useMutation({
    mutationFn: (values: RegionValues) => {
      const body = createRegionSchema.parse(values);
      return region ? updateRegion(region.id, body) : createRegion(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminRegions });
      await queryClient.invalidateQueries({ queryKey: queryKeys.regions });
      notifySuccess(region ? t('regions.updated') : t('regions.created'));
      onDone();
    },
    onError: (error) =>
      form.setErrors(problemFieldErrors(error, { codeFields: REGION_CODE_FIELDS })),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <FormProblemAlert error={save.error} codeFields={REGION_CODE_FIELDS} />
        <TextInput
          label={t('regions.code')}
          description={t('regions.codeHint')}
          required
          {...form.getInputProps('code')}
        />
        <NameInputs form={form} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type DistrictValues = { name: TrilingualName };

function DistrictForm({
  regionId,
  district,
  onDone,
}: {
  regionId: number;
  district: District | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<DistrictValues>({
    initialValues: { name: district ? { ...district.name } : EMPTY_NAME },
    validate: district
      ? zodValidate(updateDistrictSchema)
      : zodValidate(createDistrictSchema, (values: DistrictValues) => ({ ...values, regionId })),
  });
  const save = useMutation({
    mutationFn: (values: DistrictValues) =>
      district
        ? updateDistrict(district.id, updateDistrictSchema.parse(values))
        : createDistrict(createDistrictSchema.parse({ ...values, regionId })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminRegions });
      await queryClient.invalidateQueries({ queryKey: queryKeys.regions });
      notifySuccess(district ? t('districts.updated') : t('districts.created'));
      onDone();
    },
    onError: (error) => form.setErrors(problemFieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <FormProblemAlert error={save.error} />
        <NameInputs form={form} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type Dialog =
  | { kind: 'region'; region: Region | null }
  | { kind: 'district'; regionId: number; district: District | null }
  | null;

function dialogTitle(
  dialog: NonNullable<Dialog>,
  t: (key: 'regions.add' | 'regions.edit' | 'districts.add' | 'districts.edit') => string,
) {
  if (dialog.kind === 'region') return dialog.region ? t('regions.edit') : t('regions.add');
  return dialog.district ? t('districts.edit') : t('districts.add');
}

function RegionsScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const regions = useAdminRegions();
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const items = regions.data?.items ?? [];
  const region = items.find((item) => item.id === selected) ?? items[0] ?? null;
  const close = () => setDialog(null);

  return (
    <Stack gap="xl">
      <PageTitle description={t('regions.lead')}>{t('admin.nav.regions')}</PageTitle>
      <ProblemAlert error={regions.error} />

      <section>
        <Group justify="flex-end" mb="sm">
          <Button onClick={() => setDialog({ kind: 'region', region: null })}>
            {t('regions.add')}
          </Button>
        </Group>
        <Table.ScrollContainer minWidth={600}>
          <Table striped withTableBorder>
            <TableHeading>{t('regions.tableTitle')}</TableHeading>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('regions.code')}</Table.Th>
                <Table.Th scope="col">{t('fields.name')}</Table.Th>
                <Table.Th scope="col">{t('regions.districtCount')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {regions.isPending ? (
                <LoadingRow colSpan={4} />
              ) : items.length === 0 ? (
                <EmptyRow colSpan={4}>{t('regions.empty')}</EmptyRow>
              ) : (
                items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <code>{item.code}</code>
                    </Table.Td>
                    <Table.Td>{localName(item.name, lng)}</Table.Td>
                    <Table.Td>{item.districts.length}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setDialog({ kind: 'region', region: item })}
                        >
                          {t('common.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant={region?.id === item.id ? 'filled' : 'default'}
                          aria-pressed={region?.id === item.id}
                          onClick={() => setSelected(item.id)}
                        >
                          {t('regions.showDistricts')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>

      {region ? (
        <section>
          <Group justify="flex-end" align="flex-end" mb="sm">
            <Group align="flex-end">
              <NativeSelect
                label={t('fields.region')}
                value={String(region.id)}
                onChange={(event) => setSelected(Number(event.currentTarget.value))}
                data={items.map((item) => ({
                  value: String(item.id),
                  label: localName(item.name, lng),
                }))}
              />
              <Button
                onClick={() => setDialog({ kind: 'district', regionId: region.id, district: null })}
              >
                {t('districts.add')}
              </Button>
            </Group>
          </Group>
          <Table.ScrollContainer minWidth={600}>
            <Table striped withTableBorder>
              <TableHeading>
                {t('districts.tableTitle', { region: localName(region.name, lng) })}
              </TableHeading>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fields.nameKk')}</Table.Th>
                  <Table.Th scope="col">{t('fields.nameRu')}</Table.Th>
                  <Table.Th scope="col">{t('fields.nameEn')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {region.districts.length === 0 ? (
                  <EmptyRow colSpan={4}>{t('districts.empty')}</EmptyRow>
                ) : (
                  region.districts.map((district) => (
                    <Table.Tr key={district.id}>
                      <Table.Td lang="kk">{district.name.kk}</Table.Td>
                      <Table.Td lang="ru">{district.name.ru}</Table.Td>
                      <Table.Td lang="en">{district.name.en}</Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() =>
                            setDialog({ kind: 'district', regionId: region.id, district })
                          }
                        >
                          {t('districts.rename')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      ) : regions.isSuccess ? (
        <Text>{t('districts.noRegion')}</Text>
      ) : null}

      <Modal
        opened={dialog !== null}
        onClose={close}
        title={dialog ? dialogTitle(dialog, t) : ''}
        size="lg"
      >
        {dialog?.kind === 'region' ? (
          <RegionForm region={dialog.region} onDone={close} />
        ) : dialog?.kind === 'district' ? (
          <DistrictForm regionId={dialog.regionId} district={dialog.district} onDone={close} />
        ) : null}
      </Modal>
    </Stack>
  );
}

export function RegionsPage() {
  return (
    <RequireRole roles={['admin']}>
      <RegionsScreen />
    </RequireRole>
  );
}
