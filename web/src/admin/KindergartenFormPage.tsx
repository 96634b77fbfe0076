import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, createKindergartenSchema } from '@kezek/contracts';
import type { CreateKindergarten, Region } from '@kezek/contracts';
import {
  createKindergarten,
  updateKindergarten,
  useAdminKindergarten,
  useAdminRegions,
} from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import type { AdminKindergarten } from '../api/types.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { idOrUndefined, numberOrNull, textOrNull, zodValidate } from '../forms/validation.tsx';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { districtOptions, regionOptions, typeOptions } from '../shell/options.ts';

/** Problem codes that concern one field of this form. */
const CODE_FIELDS = { invalid_iin: 'ownerIin', unknown_district: 'districtId' };

type KindergartenValues = {
  regionId: string;
  districtId: string;
  name: { kk: string; ru: string };
  type: string;
  languages: string[];
  address: string;
  lat: number | string;
  lon: number | string;
  phone: string;
  website: string;
  email: string;
  ownerIin: string;
  bin: string;
};

/** The form's strings as the API body that `createKindergartenSchema` checks. */
function toBody(values: KindergartenValues) {
  return {
    districtId: idOrUndefined(values.districtId),
    name: values.name,
    type: values.type || undefined,
    languages: values.languages,
    address: values.address,
    lat: numberOrNull(values.lat),
    lon: numberOrNull(values.lon),
    phone: textOrNull(values.phone),
    website: textOrNull(values.website),
    email: textOrNull(values.email),
    ownerIin: textOrNull(values.ownerIin),
    bin: textOrNull(values.bin),
  };
}

function initialValues(kindergarten: AdminKindergarten | null, regions: readonly Region[]) {
  const region = kindergarten
    ? regions.find((item) => item.districts.some((d) => d.id === kindergarten.districtId))
    : regions.length === 1
      ? regions[0]
      : undefined;
  return {
    regionId: region ? String(region.id) : '',
    districtId: kindergarten ? String(kindergarten.districtId) : '',
    name: { kk: kindergarten?.name.kk ?? '', ru: kindergarten?.name.ru ?? '' },
    type: kindergarten?.type ?? '',
    languages: kindergarten ? [...kindergarten.languages] : [],
    address: kindergarten?.address ?? '',
    lat: kindergarten?.lat ?? '',
    lon: kindergarten?.lon ?? '',
    phone: kindergarten?.phone ?? '',
    website: kindergarten?.website ?? '',
    email: kindergarten?.email ?? '',
    ownerIin: kindergarten?.ownerIin ?? '',
    bin: kindergarten?.bin ?? '',
  } satisfies KindergartenValues;
}

function KindergartenEditor({
  kindergarten,
  regions,
}: {
  kindergarten: AdminKindergarten | null;
  regions: readonly Region[];
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const form = useForm<KindergartenValues>({
    initialValues: initialValues(kindergarten, regions),
    validate: zodValidate(createKindergartenSchema, toBody, {
      'languages|custom': 'validation.languagesRepeat',
    }),
  });

  const save = useMutation({
    mutationFn: async (body: CreateKindergarten) => {
      if (kindergarten) {
        await updateKindergarten(kindergarten.id, body);
        return kindergarten.id;
      }
      return (await createKindergarten(body)).id;
    },
    onSuccess: async (id, body) => {
      const row: AdminKindergarten = {
        id,
        districtId: body.districtId,
        name: body.name,
        type: body.type,
        languages: body.languages,
        address: body.address,
        lat: body.lat ?? null,
        lon: body.lon ?? null,
        phone: body.phone ?? null,
        website: body.website ?? null,
        email: body.email ?? null,
        ownerIin: body.ownerIin ?? null,
        bin: body.bin ?? null,
      };
      queryClient.setQueryData(queryKeys.adminKindergarten(id), row);
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminKindergartens });
      await queryClient.invalidateQueries({ queryKey: queryKeys.kindergartens });
      notifySuccess(
        kindergarten
          ? t('kindergartens.updated', { name: kindergartenName(body.name, lng) })
          : t('kindergartens.created', { name: kindergartenName(body.name, lng) }),
      );
      await navigate({ to: '/admin/kindergartens', search: { created: id } });
    },
    onError: (error) => form.setErrors(problemFieldErrors(error, { codeFields: CODE_FIELDS })),
  });

  const values = form.getValues();
  const choose = { value: '', label: t('common.choose') };
  const regionInput = form.getInputProps('regionId');

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((formValues) =>
        save.mutate(createKindergartenSchema.parse(toBody(formValues))),
      )}
    >
      <Stack>
        <FormProblemAlert error={save.error} codeFields={CODE_FIELDS} />
        <Paper withBorder p="md">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                {...regionInput}
                label={t('fields.region')}
                description={t('kindergartens.regionHint')}
                data={[choose, ...regionOptions(regions, lng)]}
                onChange={(event) => {
                  form.setFieldValue('regionId', event.currentTarget.value);
                  form.setFieldValue('districtId', '');
                }}
              />
              <NativeSelect
                label={t('fields.district')}
                required
                data={[choose, ...districtOptions(regions, values.regionId, lng)]}
                {...form.getInputProps('districtId')}
              />
              <TextInput
                label={t('fields.nameKk')}
                required
                lang="kk"
                {...form.getInputProps('name.kk')}
              />
              <TextInput
                label={t('fields.nameRu')}
                required
                lang="ru"
                {...form.getInputProps('name.ru')}
              />
              <NativeSelect
                label={t('fields.kindergartenType')}
                required
                data={[choose, ...typeOptions(t)]}
                {...form.getInputProps('type')}
              />
              <Checkbox.Group
                label={t('fields.languages')}
                required
                {...form.getInputProps('languages')}
              >
                <Group mt="xs">
                  {LANGUAGES.map((language) => (
                    <Checkbox key={language} value={language} label={t(`language.${language}`)} />
                  ))}
                </Group>
              </Checkbox.Group>
            </SimpleGrid>
            <TextInput
              label={t('fields.address')}
              description={t('kindergartens.addressHint')}
              required
              {...form.getInputProps('address')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('fields.lat')}
                description={t('kindergartens.latHint')}
                decimalScale={6}
                clampBehavior="none"
                hideControls
                {...form.getInputProps('lat')}
              />
              <NumberInput
                label={t('fields.lon')}
                description={t('kindergartens.lonHint')}
                decimalScale={6}
                clampBehavior="none"
                hideControls
                {...form.getInputProps('lon')}
              />
              <TextInput
                type="tel"
                label={t('fields.phone')}
                description={t('fields.phoneHint')}
                placeholder="+77172000000"
                autoComplete="off"
                {...form.getInputProps('phone')}
              />
              <TextInput
                type="url"
                label={t('fields.website')}
                placeholder="https://"
                {...form.getInputProps('website')}
              />
              <TextInput type="email" label={t('fields.email')} {...form.getInputProps('email')} />
              <TextInput
                label={t('fields.ownerIin')}
                description={t('fields.iinHint')}
                inputMode="numeric"
                maxLength={12}
                {...form.getInputProps('ownerIin')}
              />
              <TextInput
                label={t('fields.bin')}
                description={t('fields.iinHint')}
                inputMode="numeric"
                maxLength={12}
                {...form.getInputProps('bin')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <AnchorLink to="/admin/kindergartens">{t('common.cancel')}</AnchorLink>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NeedsDistricts() {
  const { t } = useTranslation();
  return (
    <Text>
      {t('kindergartens.needDistricts')}{' '}
      <AnchorLink to="/admin/regions">{t('admin.nav.regions')}</AnchorLink>
    </Text>
  );
}

function CreateScreen() {
  const { t } = useTranslation();
  const regions = useAdminRegions();
  const items = regions.data?.items ?? [];
  return (
    <Stack>
      <PageTitle>{t('kindergartens.newTitle')}</PageTitle>
      <ProblemAlert error={regions.error} />
      {regions.isPending ? (
        <Loading />
      ) : items.some((region) => region.districts.length > 0) ? (
        <KindergartenEditor kindergarten={null} regions={items} />
      ) : (
        <NeedsDistricts />
      )}
    </Stack>
  );
}

function EditScreen() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/admin/kindergartens/$id/edit' });
  const kindergarten = useAdminKindergarten(Number(id));
  const regions = useAdminRegions();
  return (
    <Stack>
      <PageTitle>{t('kindergartens.editTitle')}</PageTitle>
      {kindergarten.isError ? (
        <>
          <ProblemAlert error={kindergarten.error} />
          <AnchorLink to="/admin/kindergartens">{t('kindergartens.backToList')}</AnchorLink>
        </>
      ) : null}
      <ProblemAlert error={regions.error} />
      {kindergarten.isPending || regions.isPending ? (
        kindergarten.isError ? null : (
          <Loading />
        )
      ) : kindergarten.data && regions.data ? (
        <KindergartenEditor
          key={id}
          kindergarten={kindergarten.data}
          regions={regions.data.items}
        />
      ) : null}
    </Stack>
  );
}

export function KindergartenCreatePage() {
  return (
    <RequireRole roles={['admin']}>
      <CreateScreen />
    </RequireRole>
  );
}

export function KindergartenEditPage() {
  return (
    <RequireRole roles={['admin']}>
      <EditScreen />
    </RequireRole>
  );
}
