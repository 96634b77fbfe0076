import { Alert, Anchor, Button, Image, Loader, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createMobileSign, mobileSignStatus } from '../api/mobile-sign.ts';
import { problemMessage } from '../api/messages.ts';
import { formatTime } from '../i18n/format.ts';
import { Msg } from '../i18n/message.tsx';
import { useDemoKeys } from './DemoKeys.tsx';

/** How often the page asks whether the app has signed. */
const POLL_MS = 2000;

/**
 * Signing with eGov Mobile (docs/mobile-signing.md): a signing request over `content`, then on a
 * computer its QR code to scan with the phone, on a phone the button that opens the app; the
 * page asks every two seconds whether the app has signed and hands the CMS on. A refusal or an
 * expired code is said, with a button for a new code.
 */
export function MobileSignPanel({
  content,
  keyType,
  onSigned,
}: {
  content: string;
  keyType: 'auth' | 'sign';
  onSigned: (cms: string) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [attempt, setAttempt] = useState(0);
  const created = useQuery({
    queryKey: ['mobile-sign', attempt, keyType, content] as const,
    queryFn: () => createMobileSign(keyType, content),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const id = created.data?.id;
  const status = useQuery({
    queryKey: ['mobile-sign-status', id] as const,
    queryFn: ({ signal }) => mobileSignStatus(id!, signal),
    enabled: id !== undefined,
    gcTime: 0,
    // The parent is in the app meanwhile: the page keeps asking in the background.
    refetchInterval: (query) => (query.state.data?.state ?? 'waiting') === 'waiting' && POLL_MS,
    refetchIntervalInBackground: true,
  });
  const qrImage = useQuery({
    queryKey: ['mobile-sign-qr', created.data?.qr] as const,
    queryFn: () =>
      QRCode.toDataURL(created.data!.qr, { errorCorrectionLevel: 'M', margin: 2, width: 264 }),
    enabled: created.data !== undefined && !phone,
    staleTime: Infinity,
  });
  const demo = useDemoKeys();

  const state = status.data?.state;
  const cms = status.data?.cms;
  useEffect(() => {
    if (state === 'signed' && cms) onSigned(cms);
  }, [state, cms, onSigned]);

  const newCode = (
    <Button variant="light" onClick={() => setAttempt((n) => n + 1)}>
      {t('eds.mobile.newCode')}
    </Button>
  );
  const failure = created.error ?? status.error;
  if (failure) {
    return (
      <Stack>
        <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
          <Msg message={problemMessage(failure)} />
        </Alert>
        {newCode}
      </Stack>
    );
  }
  if (!created.data) {
    return (
      <Stack align="center" py="md" role="status">
        <Loader size="sm" />
        <Text>{t('eds.mobile.preparing')}</Text>
      </Stack>
    );
  }
  if (state === 'refused' || state === 'expired') {
    const code =
      state === 'refused' ? (status.data?.code ?? 'malformed_cms') : 'mobile_sign_expired';
    return (
      <Stack>
        <Alert color="red" variant="light" role="alert" title={t('common.errorTitle')}>
          <Msg message={{ key: `errors.${code}` }} />
        </Alert>
        {newCode}
      </Stack>
    );
  }
  const request = created.data;
  const until = formatTime(request.expiresAt);
  return (
    <Stack gap="sm">
      {phone ? (
        <>
          <Text>{t('eds.mobile.phoneLead')}</Text>
          <Button component="a" href={request.deepLink} size="lg">
            {t('eds.mobile.openApp')}
          </Button>
          <Anchor href={request.businessDeepLink} size="sm">
            {t('eds.mobile.openBusiness')}
          </Anchor>
        </>
      ) : (
        <>
          <Text>{t('eds.mobile.scan')}</Text>
          {qrImage.data ? (
            <Image
              src={qrImage.data}
              alt={t('eds.mobile.qrAlt')}
              w={264}
              h={264}
              mx="auto"
              className="mobile-sign-qr"
            />
          ) : (
            <Loader size="sm" mx="auto" />
          )}
        </>
      )}
      <Text size="sm" role="status" aria-live="polite">
        {t('eds.mobile.waiting', { time: until })}
      </Text>
      {demo.data ? (
        <Anchor
          href={`/demo/egov-mobile#${encodeURIComponent(request.qr)}`}
          target="_blank"
          rel="noopener"
          size="sm"
        >
          {t('eds.mobile.simulate')}
        </Anchor>
      ) : null}
    </Stack>
  );
}
