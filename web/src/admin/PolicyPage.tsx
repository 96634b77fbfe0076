import {
  Button,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { policySchema } from '@kezek/contracts';
import { ALLOCATION_MODES, FREE_CHOICE_MODES, SIBLING_PRIORITY_MODES } from '@kezek/domain';
import { savePolicy, useAdminRegions, usePolicy } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import type { Policy, Region } from '../api/types.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { localName, useLanguage } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { AnchorLink } from '../shell/links.tsx';

type PolicyKey = keyof Policy;
/** The policy's choices among named ways (issue 17), each a select of its modes. */
const MODE_OPTIONS = {
  allocation: ALLOCATION_MODES,
  freeChoice: FREE_CHOICE_MODES,
  siblingPriority: SIBLING_PRIORITY_MODES,
} as const;
type ModeKey = keyof typeof MODE_OPTIONS;
const MODE_KEYS = Object.keys(MODE_OPTIONS) as ModeKey[];
type NumberKey = Exclude<PolicyKey, 'firstPriorityRatio' | ModeKey>;
type Field = number | string;
type PolicyValues = Record<NumberKey, Field> &
  Pick<Policy, ModeKey> & { firstPriorityRatio: [Field, Field] };

/** The policy's number fields, in the contract's order. */
const NUMBER_KEYS = (Object.keys(policySchema.shape) as PolicyKey[]).filter(
  (key): key is NumberKey => key !== 'firstPriorityRatio' && !(key in MODE_OPTIONS),
);

function toNumber(value: Field): number | undefined {
  if (value === '') return undefined;
  return typeof value === 'number' ? value : Number(value);
}

function toBody(values: PolicyValues) {
  const body: Record<string, unknown> = {};
  for (const key of NUMBER_KEYS) body[key] = toNumber(values[key]);
  for (const key of MODE_KEYS) body[key] = values[key];
  body.firstPriorityRatio = values.firstPriorityRatio.map(toNumber);
  return body;
}

function toValues(policy: Policy): PolicyValues {
  const values = { ...pickModes(policy) } as PolicyValues;
  for (const key of NUMBER_KEYS) values[key] = policy[key];
  values.firstPriorityRatio = [policy.firstPriorityRatio[0], policy.firstPriorityRatio[1]];
  return values;
}

function pickModes(policy: Policy): Pick<Policy, ModeKey> {
  return {
    allocation: policy.allocation,
    freeChoice: policy.freeChoice,
    siblingPriority: policy.siblingPriority,
  };
}

function PolicyForm({ region, policy }: { region: Region; policy: Policy }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const form = useForm<PolicyValues>({
    initialValues: toValues(policy),
    validate: zodValidate(policySchema, toBody),
  });
  const save = useMutation({
    mutationFn: (body: Policy) => savePolicy(region.id, body),
    onSuccess: (saved, body) => {
      const next = saved && typeof saved === 'object' ? { ...body, ...saved } : body;
      queryClient.setQueryData(queryKeys.adminPolicy(region.id), next);
      form.resetDirty();
      notifySuccess(t('policy.saved', { region: localName(region.name, lng) }));
    },
    onError: (error) => form.setErrors(problemFieldErrors(error)),
  });

  const confirm = (values: PolicyValues) => {
    const body = policySchema.parse(toBody(values));
    modals.openConfirmModal({
      title: t('policy.confirmTitle'),
      children: <Text>{t('policy.confirmText', { region: localName(region.name, lng) })}</Text>,
      labels: { confirm: t('policy.confirm'), cancel: t('common.cancel') },
      onConfirm: () => save.mutate(body),
    });
  };

  return (
    <form noValidate onSubmit={form.onSubmit(confirm)}>
      <Stack>
        <FormProblemAlert error={save.error} />
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            {NUMBER_KEYS.map((key) => (
              <NumberInput
                key={key}
                label={t(`policy.fields.${key}.label`)}
                description={t(`policy.fields.${key}.hint`)}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                required
                {...form.getInputProps(key)}
              />
            ))}
          </SimpleGrid>
          <Fieldset legend={t('policy.fields.firstPriorityRatio.label')} mt="lg">
            <Text size="sm" c="dimmed" mb="xs">
              {t('policy.fields.firstPriorityRatio.hint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('policy.fields.firstPriorityRatio.first')}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                required
                {...form.getInputProps('firstPriorityRatio.0')}
              />
              <NumberInput
                label={t('policy.fields.firstPriorityRatio.general')}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                required
                {...form.getInputProps('firstPriorityRatio.1')}
              />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('policy.modes.legend')} mt="lg">
            <Stack>
              {MODE_KEYS.map((key) => (
                <NativeSelect
                  key={key}
                  label={t(`policy.fields.${key}.label`)}
                  description={t(`policy.fields.${key}.hint`)}
                  data={MODE_OPTIONS[key].map((mode) => ({
                    value: mode,
                    label: t(
                      `policy.fields.${key}.options.${mode}` as 'policy.fields.allocation.options.choose',
                    ),
                  }))}
                  {...form.getInputProps(key)}
                />
              ))}
            </Stack>
          </Fieldset>
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('policy.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PolicyScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const regions = useAdminRegions();
  const [selected, setSelected] = useState('');
  const items = regions.data?.items ?? [];
  const region = items.find((item) => String(item.id) === selected) ?? items[0];
  const policy = usePolicy(region?.id);

  return (
    <Stack gap="lg">
      <PageTitle description={t('policy.lead')}>{t('admin.nav.policy')}</PageTitle>
      <ProblemAlert error={regions.error ?? policy.error} />
      {regions.isPending ? (
        <Loading />
      ) : !region ? (
        <Text>
          {t('policy.noRegions')}{' '}
          <AnchorLink to="/admin/regions">{t('admin.nav.regions')}</AnchorLink>
        </Text>
      ) : (
        <>
          <NativeSelect
            label={t('fields.region')}
            maw={420}
            value={String(region.id)}
            onChange={(event) => setSelected(event.currentTarget.value)}
            data={items.map((item) => ({
              value: String(item.id),
              label: localName(item.name, lng),
            }))}
          />
          {policy.isPending ? (
            <Loading />
          ) : policy.data ? (
            <PolicyForm key={region.id} region={region} policy={policy.data} />
          ) : null}
        </>
      )}
    </Stack>
  );
}

export function PolicyPage() {
  return (
    <RequireRole roles={['admin']}>
      <PolicyScreen />
    </RequireRole>
  );
}
