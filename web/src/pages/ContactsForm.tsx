import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { updateMeSchema } from '@kezek/contracts';
import type { User } from '@kezek/contracts';
import { api } from '../api/client.ts';
import { queryKeys } from '../api/query-client.ts';
import type { Session } from '../api/query-client.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { nextPhoneValue, formatPhone, phoneDigits, phoneForApi } from '../forms/phone.ts';
import { zodValidate } from '../forms/validation.tsx';
import { notifySuccess } from '../shell/notify.ts';

type ContactsValues = { email: string; phone: string };

/** On the first sign-in both are required (docs/rules.md, "Signing in"). */
const contactsSchema = updateMeSchema.required();

function toInput(values: ContactsValues) {
  return { email: values.email.trim() || undefined, phone: phoneForApi(values.phone) };
}

/**
 * E-mail and phone of the signed-in user (`PATCH /api/me`): asked at a citizen's first EDS
 * sign-in, since the turn and the directions are announced by e-mail and SMS.
 */
export function ContactsForm({ user, onSaved }: { user: User; onSaved?: (user: User) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<ContactsValues>({
    initialValues: {
      email: user.email ?? '',
      phone: user.phone ? formatPhone(phoneDigits(user.phone)) : '',
    },
    validate: zodValidate(contactsSchema, toInput),
  });

  const save = useMutation({
    mutationFn: (values: ContactsValues) =>
      api<{ user: User }>('/api/me', {
        method: 'PATCH',
        body: contactsSchema.parse(toInput(values)),
      }),
    onSuccess: ({ user: saved }) => {
      queryClient.setQueryData<Session>(queryKeys.me, (session) =>
        session ? { ...session, user: saved } : session,
      );
      notifySuccess(t('contacts.saved'));
      onSaved?.(saved);
    },
    onError: (error) => form.setErrors(problemFieldErrors(error)),
  });

  const phone = form.getInputProps('phone');
  return (
    <Paper withBorder p="lg" radius="md" maw={560}>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Title order={2} size="h3">
            {t('contacts.title')}
          </Title>
          <Text fw={500}>{t('contacts.welcome', { name: user.fullName })}</Text>
          <Text>{t('contacts.lead')}</Text>
          <FormProblemAlert error={save.error} />
          <TextInput
            label={t('fields.email')}
            description={t('contacts.emailHint')}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('fields.phone')}
            description={t('contacts.phoneHint')}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            placeholder="+7 701 234 56 78"
            required
            {...phone}
            onChange={(event) =>
              form.setFieldValue(
                'phone',
                nextPhoneValue(form.values.phone, event.currentTarget.value),
              )
            }
          />
          <Button type="submit" loading={save.isPending}>
            {t('contacts.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
