import {
  Alert,
  Button,
  Code,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EgovSigningRequest } from '@kezek/eds';
import { useDemoKeys, sameSite } from '../eds/DemoKeys.tsx';
import { formatDateTime, useLanguage } from '../i18n/format.ts';
import { Msg, translate } from '../i18n/message.tsx';
import type { MessageRef } from '../i18n/message.tsx';
import { Loading, PageTitle } from '../shell/common.tsx';

/** The problem code an API of the stand-in's steps answered, as a message of the catalog. */
function failureMessage(error: unknown): MessageRef {
  const body = (error as { body?: { code?: string } } | null)?.body;
  return body?.code ? { key: `errors.${body.code}` } : { key: 'demoMobile.failed' };
}

/**
 * "Simulate eGov Mobile" (demo mode): the eGov Mobile stand-in of @kezek/eds run in the browser,
 * so that a newcomer can try signing by QR code without the real app. It reads the code (from
 * this page's address, as the signing dialog's link opens it, or pasted), shows what the app
 * would show, and signs with a demo person's key.
 */
export function EgovMobileDemoPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const demo = useDemoKeys();
  const [scanned, setScanned] = useState(() =>
    decodeURIComponent(window.location.hash.replace(/^#/, '')),
  );
  const [keyUrl, setKeyUrl] = useState<string | null>(null);
  const [password, setPassword] = useState('');

  const read = useMutation({
    mutationFn: async (): Promise<EgovSigningRequest> => {
      const eds = await import('@kezek/eds');
      return eds.readSigningRequest(scanned, { language });
    },
  });
  const send = useMutation({
    mutationFn: async (request: EgovSigningRequest) => {
      const eds = await import('@kezek/eds');
      const file = new Uint8Array(await (await fetch(keyUrl!)).arrayBuffer());
      const key = eds.openP12(file, password || demo.data!.password);
      await eds.sendSignatures(request, key, { language });
    },
  });

  if (demo.isPending) return <Loading />;
  if (!demo.data) {
    return (
      <Stack>
        <PageTitle>{t('demoMobile.title')}</PageTitle>
        <Alert color="yellow" variant="light">
          {t('demoMobile.demoOnly')}
        </Alert>
      </Stack>
    );
  }
  const keys = demo.data.items.flatMap((person) =>
    person.keys.flatMap((key) => {
      const url = sameSite(key.url);
      if (!url) return [];
      const type = t(key.keyType === 'auth' ? 'demo.authKey' : 'demo.signKey');
      return [
        {
          value: url,
          label: `${person.fullName} — ${translate(t, `role.${person.role}`)}, ${type}`,
        },
      ];
    }),
  );
  const request = read.data;
  const name = (document: EgovSigningRequest['documents']['documentsToSign'][number]) =>
    language === 'ru' ? document.nameRu : language === 'en' ? document.nameEn : document.nameKz;
  const organisation = request?.info.organisation;
  return (
    <Stack maw={720}>
      <PageTitle>{t('demoMobile.title')}</PageTitle>
      <Text>{t('demoMobile.lead')}</Text>
      <Textarea
        label={t('demoMobile.code')}
        description={t('demoMobile.codeHint')}
        autosize
        minRows={2}
        value={scanned}
        onChange={(event) => {
          setScanned(event.currentTarget.value);
          read.reset();
          send.reset();
        }}
      />
      <Button onClick={() => read.mutate()} loading={read.isPending} disabled={!scanned.trim()}>
        {t('demoMobile.read')}
      </Button>
      {read.error ? (
        <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
          <Msg message={failureMessage(read.error)} />
        </Alert>
      ) : null}
      {request && organisation ? (
        <Stack gap="sm">
          <Title order={2} size="h3">
            {request.info.description}
          </Title>
          <Text>
            {t('demoMobile.asks', {
              name:
                language === 'ru'
                  ? organisation.nameRu
                  : language === 'en'
                    ? organisation.nameEn
                    : organisation.nameKz,
              bin: organisation.bin,
              until: formatDateTime(request.info.expiry_date),
            })}
          </Text>
          {request.documents.documentsToSign.map((document, index) => (
            <Stack key={document.id} gap={4}>
              <Text fw={600}>{name(document)}</Text>
              <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {new TextDecoder().decode(request.contents[index])}
              </Code>
            </Stack>
          ))}
          <Select
            label={t('demoMobile.key')}
            data={keys}
            value={keyUrl}
            onChange={setKeyUrl}
            searchable
            required
          />
          <PasswordInput
            label={t('eds.dialog.password')}
            description={t('demoMobile.passwordHint', { password: demo.data.password })}
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            visibilityToggleButtonProps={{ 'aria-label': t('signin.showPassword') }}
          />
          {send.error ? (
            <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
              <Msg message={failureMessage(send.error)} />
            </Alert>
          ) : null}
          {send.isSuccess ? (
            <Alert color="green" variant="light" role="status" title={t('demoMobile.signed')}>
              {t('demoMobile.goBack')}
            </Alert>
          ) : (
            <Button
              onClick={() => send.mutate(request)}
              loading={send.isPending}
              disabled={!keyUrl}
            >
              {t('demoMobile.sign')}
            </Button>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}
