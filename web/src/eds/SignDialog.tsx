import { Alert, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyType } from '@kezek/eds';
import { currentLanguage } from '../i18n/index.ts';
import { Msg, msg } from '../i18n/message.tsx';
import { SignError, signProblemMessage } from './errors.ts';
import { KeyFileForm } from './KeyFileForm.tsx';
import { MobileSignPanel } from './MobileSignPanel.tsx';
import { connectNcaLayer, signWithNcaLayer } from './ncalayer.ts';
import { initialMethod, rememberMethod, rememberedMethod, type SignMethod } from './sign-method.ts';

export interface SignDialogRequest {
  content: Uint8Array;
  keyType: KeyType;
  /** The instant the certificate must be valid at (the server's clock when known). */
  at: Date;
  /** Whether NCALayer answered on this computer just now. */
  ncaLayer: boolean;
  /** A method the person asked for by the button they pressed (the key file). */
  method?: SignMethod;
}

function base64OfBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** NCALayer, when it answers: one button, the key is chosen in NCALayer's own window. */
function NcaLayerPanel({
  request,
  onSigned,
}: {
  request: SignDialogRequest;
  onSigned: (cms: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      const client = await connectNcaLayer();
      if (!client) throw new SignError('ncalayer_failed', 'NCALayer does not answer');
      const contentBase64 = base64OfBytes(request.content);
      onSigned(await signWithNcaLayer(client, contentBase64, request.keyType, currentLanguage()));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Text>{t('eds.ncalayerPanel.lead')}</Text>
      {error ? (
        <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
          <Msg message={signProblemMessage(error)} />
        </Alert>
      ) : null}
      <Button onClick={() => void sign()} loading={busy}>
        {t('eds.ncalayerPanel.button')}
      </Button>
    </Stack>
  );
}

/**
 * The one signing dialog (issue 19, item 5): eGov Mobile (a QR code on a computer, the app's
 * button on a phone), NCALayer when it answers, a key file. It opens with the person's last
 * choice on this device and remembers the one they sign with.
 */
function SignDialog({
  request,
  onSigned,
  onCancel,
}: {
  request: SignDialogRequest;
  onSigned: (cms: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<SignMethod>(() =>
    initialMethod({
      asked: request.method,
      remembered: rememberedMethod(),
      ncaLayer: request.ncaLayer,
    }),
  );
  const signed = useCallback(
    (cms: string) => {
      rememberMethod(method);
      onSigned(cms);
    },
    [method, onSigned],
  );
  const methods = [
    { value: 'mobile', label: t('eds.method.mobile') },
    ...(request.ncaLayer ? [{ value: 'ncalayer', label: t('eds.method.ncalayer') }] : []),
    { value: 'file', label: t('eds.method.file') },
  ];
  const text = new TextDecoder().decode(request.content);
  return (
    <Stack>
      <SegmentedControl
        fullWidth
        aria-label={t('eds.method.label')}
        data={methods}
        value={method}
        onChange={(value) => setMethod(value as SignMethod)}
      />
      {!request.ncaLayer && request.method === undefined && method === 'file' ? (
        <Text size="sm" c="dimmed">
          {t('eds.dialog.noNcaLayer')}
        </Text>
      ) : null}
      {method === 'mobile' ? (
        <MobileSignPanel content={text} keyType={request.keyType} onSigned={signed} />
      ) : null}
      {method === 'ncalayer' ? <NcaLayerPanel request={request} onSigned={signed} /> : null}
      {method === 'file' ? (
        <KeyFileForm request={request} onSigned={signed} onCancel={onCancel} />
      ) : (
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

let dialogs = 0;

/**
 * Opens the signing dialog; resolves to the CMS (base64 DER), or rejects with
 * `SignError('cancelled')` when the person closes it.
 */
export function openSignDialog(request: SignDialogRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    dialogs += 1;
    const modalId = `eds-sign-${dialogs}`;
    let settled = false;
    const title = request.keyType === 'auth' ? 'eds.dialog.titleAuth' : 'eds.dialog.titleSign';
    modals.open({
      modalId,
      title: msg(title),
      size: 'lg',
      closeOnClickOutside: false,
      children: (
        <SignDialog
          request={request}
          onSigned={(cms) => {
            settled = true;
            resolve(cms);
            modals.close(modalId);
          }}
          onCancel={() => modals.close(modalId)}
        />
      ),
      onClose: () => {
        if (settled) return;
        settled = true;
        reject(new SignError('cancelled'));
      },
    });
  });
}
