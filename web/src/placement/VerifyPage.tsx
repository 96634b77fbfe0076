import { Alert, Button, Group, Paper, Stack, TextInput } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { directionNumberSchema, verifyCodeSchema } from '@kezek/contracts';
import { ApiError } from '../api/errors.ts';
import { useDirectionVerification } from '../api/directions.ts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { Details } from '../shell/Details.tsx';

/**
 * The public check of a direction (the QR code on its PDF opens it with the number and code):
 * whether it is genuine and still valid. Anyone may use it; without the code a number says nothing.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const params = useParams({ strict: false }) as { number?: string };
  const search = useSearch({ strict: false }) as { code?: string };
  const [number, setNumber] = useState(params.number ?? '');
  const [code, setCode] = useState(search.code ?? '');
  const [touched, setTouched] = useState(false);
  const asked = {
    number: params.number ?? '',
    code: search.code ?? '',
  };
  const wellFormed =
    directionNumberSchema.safeParse(asked.number).success &&
    verifyCodeSchema.safeParse(asked.code).success;
  const result = useDirectionVerification(asked.number, asked.code, wellFormed);
  const numberOk = directionNumberSchema.safeParse(number.trim()).success;
  const codeOk = verifyCodeSchema.safeParse(code.trim().toUpperCase()).success;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!numberOk || !codeOk) return;
    void navigate({
      to: '/verify/$number',
      params: { number: number.trim() },
      search: { code: code.trim().toUpperCase() },
    });
  };
  // Nothing is said before a number and a code were asked for (a QR code gives both; the
  // printed link may give the number alone, and the code is then typed).
  const unknown =
    (asked.number !== '' && asked.code !== '' && !wellFormed) ||
    (result.error instanceof ApiError && result.error.status === 404);
  const found = result.data;

  return (
    <Stack gap="lg" maw={720}>
      <PageTitle description={t('verify.lead')}>{t('verify.title')}</PageTitle>
      <Paper withBorder p="lg" radius="md">
        <form noValidate onSubmit={submit}>
          <Group align="flex-end" gap="md">
            <TextInput
              label={t('verify.number')}
              description={t('verify.numberHint')}
              value={number}
              onChange={(event) => setNumber(event.currentTarget.value)}
              error={touched && !numberOk ? t('verify.numberHint') : undefined}
              required
            />
            <TextInput
              label={t('verify.code')}
              description={t('verify.codeHint')}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={touched && !codeOk ? t('verify.codeHint') : undefined}
              required
            />
            <Button type="submit">{t('verify.submit')}</Button>
          </Group>
        </form>
      </Paper>
      {wellFormed && result.isPending ? <Loading /> : null}
      {unknown ? (
        <Alert color="red" variant="light" role="alert" title={t('verify.notFound')} />
      ) : result.error ? (
        <ProblemAlert error={result.error} />
      ) : null}
      {found ? (
        <Alert
          color={found.live ? 'teal.9' : 'red.9'}
          variant="filled"
          role="status"
          title={`${t('verify.genuine')} · ${found.live ? t('verify.live') : t('verify.notLive')}`}
        />
      ) : null}
      {found ? (
        <Paper withBorder p="lg" radius="md">
          <Details
            items={[
              { label: t('verify.number'), value: found.number },
              {
                label: t('verify.kindergarten'),
                value: kindergartenName(found.kindergarten, lng),
              },
              { label: t('verify.groupYear'), value: found.groupYear },
              { label: t('verify.issuedAt'), value: formatDateTime(found.issuedAt) },
              { label: t('verify.validUntil'), value: formatDateTime(found.validUntil) },
              {
                label: t('verify.status'),
                value: t(`placement.direction.statuses.${found.status}`),
              },
            ]}
          />
        </Paper>
      ) : null}
    </Stack>
  );
}
