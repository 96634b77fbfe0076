import { Alert, Button, Group, Modal, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createPlacesSchema } from '@kezek/contracts';
import { createPlaces, useGroupYears } from '../api/places.ts';
import { queryKeys } from '../api/query-client.ts';
import type { GroupYears, Kindergarten, PlaceBatch } from '../api/types.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { kindergartenName, useLanguage } from '../i18n/format.ts';
import { ProblemAlert } from '../shell/common.tsx';
import { Details } from '../shell/Details.tsx';
import {
  COUNT_BOUNDS,
  initialAddPlacesValues,
  toCreatePlacesInput,
  withKindergarten,
  type AddPlacesValues,
} from './places.ts';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

/** Refusals that concern one field: the field says it. */
const CODE_FIELDS = { language_not_taught: 'language', group_year_out_of_range: 'groupYear' };

type Body = ReturnType<typeof createPlacesSchema.parse>;

/** What is about to be saved, for a last look before the irreversible save. */
function Summary({ body, kindergarten }: { body: Body; kindergarten: Kindergarten | undefined }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <Details
      items={[
        {
          label: t('places.fields.kindergarten'),
          value: kindergarten ? kindergartenName(kindergarten.name, lng) : '',
        },
        { label: t('places.fields.language'), value: t(`language.${body.language}`) },
        { label: t('places.fields.groupYear'), value: body.groupYear },
        { label: t('places.fields.count'), value: body.count },
      ]}
    />
  );
}

/**
 * Adding free places (docs/rules.md, "Turns and places released"): kindergarten, language, group
 * year and count, then a confirmation window that warns that saved data cannot be corrected, then
 * the save.
 */
export function AddPlacesDialog({
  opened,
  onClose,
  kindergartens,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  /** The kindergartens the user may add places for. */
  kindergartens: readonly Kindergarten[];
  onSaved: (batch: PlaceBatch) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Body | null>(null);
  const form = useForm<AddPlacesValues>({
    initialValues: initialAddPlacesValues(kindergartens),
    validate: zodValidate(createPlacesSchema, toCreatePlacesInput),
  });
  const kindergarten = kindergartens.find((item) => String(item.id) === form.values.kindergartenId);
  const groupYears = useGroupYears(kindergarten?.id);

  const save = useMutation({
    mutationFn: createPlaces,
    onSuccess: (batch) => onSaved(batch),
    onError: (error) => {
      // Back to the fields, with the server's word on them.
      setConfirming(null);
      form.setErrors(problemFieldErrors(error, { codeFields: CODE_FIELDS }));
    },
  });

  const chooseKindergarten = (id: string) => {
    const chosen = kindergartens.find((item) => String(item.id) === id);
    const years = chosen
      ? queryClient.getQueryData<GroupYears>(queryKeys.placeGroupYears(chosen.id))?.items
      : undefined;
    form.setValues(withKindergarten(form.values, chosen, years));
  };

  const choose = { value: '', label: t('common.choose') };
  const needKindergarten = kindergarten ? undefined : t('places.form.chooseKindergartenFirst');

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={confirming ? t('places.confirm.title') : t('places.form.title')}
      size="lg"
    >
      {kindergartens.length === 0 ? (
        <Text>{t('places.form.noKindergartens')}</Text>
      ) : confirming ? (
        <Stack>
          <Alert color="red.9" variant="outline" role="note">
            <Text fw={700}>{t('places.confirm.warning')}</Text>
          </Alert>
          <Summary body={confirming} kindergarten={kindergarten} />
          <Text>{t('places.confirm.lead')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)} disabled={save.isPending}>
              {t('places.confirm.back')}
            </Button>
            <Button onClick={() => save.mutate(confirming)} loading={save.isPending}>
              {t('places.confirm.ok')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            setConfirming(createPlacesSchema.parse(toCreatePlacesInput(values))),
          )}
        >
          <Stack>
            <FormProblemAlert error={save.error} codeFields={CODE_FIELDS} />
            <ProblemAlert error={groupYears.error} />
            <NativeSelect
              label={t('places.fields.kindergarten')}
              required
              data={[
                ...(kindergartens.length > 1 ? [choose] : []),
                ...kindergartens.map((item) => ({
                  value: String(item.id),
                  label: kindergartenName(item.name, lng),
                })),
              ]}
              {...form.getInputProps('kindergartenId')}
              onChange={(event) => chooseKindergarten(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('places.fields.language')}
              description={needKindergarten ?? t('places.form.languageHint')}
              required
              disabled={!kindergarten}
              data={[
                choose,
                ...(kindergarten?.languages ?? []).map((language) => ({
                  value: language,
                  label: t(`language.${language}`),
                })),
              ]}
              {...form.getInputProps('language')}
            />
            <NativeSelect
              label={t('places.fields.groupYear')}
              description={needKindergarten ?? t('places.form.groupYearHint')}
              required
              disabled={!groupYears.data}
              data={[choose, ...(groupYears.data?.items ?? []).map(String)]}
              {...form.getInputProps('groupYear')}
            />
            <NumberInput
              label={t('places.fields.count')}
              description={t('places.form.countHint', COUNT_BOUNDS)}
              required
              min={COUNT_BOUNDS.min}
              max={COUNT_BOUNDS.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              {...form.getInputProps('count')}
            />
            <CancelAndSubmit onCancel={onClose}>{t('common.save')}</CancelAndSubmit>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
