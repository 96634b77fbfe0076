import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { edsSignedInSchema } from '@kezek/contracts';
import { api } from '../api/client.ts';
import { queryKeys } from '../api/query-client.ts';
import { sessionQuery } from '../api/session.ts';
import { Msg } from '../i18n/message.tsx';
import { isCancelled, signProblemMessage } from './errors.ts';
import { fetchNonce } from './nonce.ts';
import { serverNow, sign } from './signer.ts';

export type EdsSignedIn = z.infer<typeof edsSignedInSchema>;
type Method = 'auto' | 'file';

/**
 * EDS sign-in (docs/api.md, "Sign-in"): a fresh nonce, signed with the AUTH key (NCALayer or the
 * key file), `POST /api/auth/eds`, then the new session is read.
 */
export function useEdsSignIn(onSignedIn: (result: EdsSignedIn) => void | Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (method: Method): Promise<EdsSignedIn> => {
      const nonce = await fetchNonce();
      const cms = await sign(nonce.nonce, { keyType: 'auth', at: serverNow(nonce), method });
      const result = await api<EdsSignedIn>('/api/auth/eds', { method: 'POST', body: { cms } });
      // A new session: forget what the previous one could see, then read the new one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
      const session = await queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
      return { user: session.user ?? result.user, contactsRequired: result.contactsRequired };
    },
    onSuccess: onSignedIn,
  });
}

/** The prominent "Sign in with EDS" box: for parents first, and for staff who have EDS. */
export function EdsSignInPanel({
  onSignedIn,
}: {
  onSignedIn: (result: EdsSignedIn) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const signIn = useEdsSignIn(onSignedIn);
  const error = signIn.error && !isCancelled(signIn.error) ? signIn.error : null;
  const pending = signIn.isPending ? signIn.variables : null;
  return (
    <Paper withBorder p="lg" radius="md" className="eds-panel">
      <Stack>
        <Title order={2} size="h3">
          {t('eds.signIn.title')}
        </Title>
        <Text>{t('eds.signIn.lead')}</Text>
        {error ? (
          <Alert color="red" variant="light" role="alert" title={t('eds.signIn.failed')}>
            <Msg message={signProblemMessage(error)} />
          </Alert>
        ) : null}
        <Button
          size="lg"
          onClick={() => signIn.mutate('auto')}
          loading={pending === 'auto'}
          disabled={pending === 'file'}
        >
          {t('eds.signIn.button')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => signIn.mutate('file')}
          loading={pending === 'file'}
          disabled={pending === 'auto'}
        >
          {t('eds.signIn.keyFile')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('eds.signIn.ncalayer')}
        </Text>
      </Stack>
    </Paper>
  );
}
