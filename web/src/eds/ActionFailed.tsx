import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Msg } from '../i18n/message.tsx';
import { isCancelled, signProblemMessage } from './errors.ts';

/**
 * Why a signed action failed, in the interface language (the signer's or the server's reason);
 * nothing when there is no error or the user cancelled the signature. `children` replaces the
 * message where a screen says more.
 */
export function ActionFailed({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!error || isCancelled(error)) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t('application.actionFailed')}>
      {children ?? <Msg message={signProblemMessage(error)} />}
    </Alert>
  );
}
