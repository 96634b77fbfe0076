import { Alert, FileInput, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateSummary, KeyType } from '@kezek/eds';
import { localDateOf } from '@kezek/domain';
import { formatDate } from '../i18n/format.ts';
import { Msg } from '../i18n/message.tsx';
import type { MessageRef } from '../i18n/message.tsx';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

export interface KeyFileRequest {
  content: Uint8Array;
  keyType: KeyType;
  /** The instant the certificate must be valid at (the server's clock when known). */
  at: Date;
}

interface Problem {
  message: MessageRef;
  summary?: CertificateSummary;
}

type FieldErrors = { file?: MessageRef; password?: MessageRef };

function dateOf(instant: Date): string {
  return formatDate(localDateOf(instant));
}

function keyTypeMessage(summary: CertificateSummary): string {
  return `eds.keyType.${summary.keyType}`;
}

/** The message for a certificate the signer refuses before signing. */
function certificateMessage(
  problem: 'wrong_key_type' | 'cert_not_yet_valid' | 'cert_expired',
  summary: CertificateSummary,
  wanted: KeyType,
): MessageRef {
  if (problem === 'cert_expired') {
    return { key: 'eds.errors.certExpired', values: { date: dateOf(summary.notAfter) } };
  }
  if (problem === 'cert_not_yet_valid') {
    return { key: 'eds.errors.certNotYetValid', values: { date: dateOf(summary.notBefore) } };
  }
  if (wanted === 'auth' && summary.keyTypes.includes('sign')) {
    return { key: 'eds.errors.wrongKeyAuth' };
  }
  if (wanted === 'sign' && summary.keyTypes.includes('auth')) {
    return { key: 'eds.errors.wrongKeySign' };
  }
  return { key: 'eds.errors.wrongKeyUnknown' };
}

/** One line about the chosen key: whose it is, which key, how long it is valid. */
function KeySummary({ summary }: { summary: CertificateSummary }) {
  const { t } = useTranslation();
  const name = [summary.surname, summary.givenName].filter(Boolean).join(' ');
  return (
    <Text size="sm" mt="xs">
      {t('eds.summary', {
        name: summary.commonName || name,
        iin: summary.iin ?? '—',
        type: t(keyTypeMessage(summary) as 'eds.keyType.auth'),
        from: dateOf(summary.notBefore),
        to: dateOf(summary.notAfter),
      })}
    </Text>
  );
}

/** Lets the browser paint the "signing…" state before node-forge takes the main thread. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

/**
 * The key file and its password → a CMS made in this browser with @kezek/eds. The file, the key
 * and the password stay here: `onSigned` gets only the signature.
 */
export function KeyFileForm({
  request,
  onSigned,
  onCancel,
}: {
  request: KeyFileRequest;
  onSigned: (cmsBase64: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!file) missing.file = { key: 'validation.required' };
    if (!password) missing.password = { key: 'validation.required' };
    setErrors(missing);
    setProblem(null);
    if (!file || !password) return;
    setBusy(true);
    try {
      await nextFrame();
      const eds = await import('@kezek/eds');
      const bytes = new Uint8Array(await file.arrayBuffer());
      let opened;
      try {
        opened = eds.openP12(bytes, password);
      } catch (error) {
        if (error instanceof eds.P12PasswordError) {
          setErrors({ password: { key: 'eds.errors.p12_password' } });
        } else if (error instanceof eds.P12FormatError) {
          // A GOST key: in the server's words for a GOST signature (unsupported_algorithm).
          const key =
            error.reason === 'gost_key'
              ? 'errors.unsupported_algorithm'
              : `eds.errors.${error.reason}`;
          setErrors({ file: { key } });
        } else {
          setProblem({ message: { key: 'eds.errors.not_pkcs12' } });
        }
        return;
      }
      const summary = eds.certificateSummary(opened.certificatePem);
      const refused = eds.certificateProblem(summary, { keyType: request.keyType, at: request.at });
      if (refused) {
        setProblem({ message: certificateMessage(refused, summary, request.keyType), summary });
        return;
      }
      const cms = eds.signCms(request.content, opened, { includeChain: true });
      onSigned(eds.toBase64(cms));
    } finally {
      setBusy(false);
    }
  };

  const lead = request.keyType === 'auth' ? 'eds.dialog.leadAuth' : 'eds.dialog.leadSign';
  return (
    <form noValidate onSubmit={(event) => void submit(event)}>
      <Stack>
        <Text>{t(lead)}</Text>
        {problem ? (
          <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
            <Msg message={problem.message} />
            {problem.summary ? <KeySummary summary={problem.summary} /> : null}
          </Alert>
        ) : null}
        <FileInput
          label={t('eds.dialog.file')}
          description={t(
            request.keyType === 'sign' ? 'eds.dialog.fileHintSign' : 'eds.dialog.fileHint',
          )}
          placeholder={t('eds.dialog.filePlaceholder')}
          // Real text inside the button, not a placeholder attribute: it needs AA contrast.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          accept=".p12,.pfx,application/x-pkcs12"
          required
          clearable
          clearButtonProps={{ 'aria-label': t('eds.dialog.clearFile') }}
          value={file}
          onChange={(value) => {
            setFile(value);
            setErrors((current) => ({ ...current, file: undefined }));
            setProblem(null);
          }}
          error={errors.file ? <Msg message={errors.file} /> : undefined}
        />
        <PasswordInput
          label={t('eds.dialog.password')}
          autoComplete="off"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setErrors((current) => ({ ...current, password: undefined }));
          }}
          visibilityToggleButtonProps={{ 'aria-label': t('signin.showPassword') }}
          error={errors.password ? <Msg message={errors.password} /> : undefined}
        />
        <Text size="sm" c="dimmed">
          {t('eds.dialog.private')}
        </Text>
        <CancelAndSubmit onCancel={onCancel} pending={busy}>
          {t(request.keyType === 'auth' ? 'eds.dialog.submitAuth' : 'eds.dialog.submit')}
        </CancelAndSubmit>
      </Stack>
    </form>
  );
}
