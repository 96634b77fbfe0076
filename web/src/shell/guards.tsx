import { Stack, Text } from '@mantine/core';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '@kezek/contracts';
import { hasRole, useSession } from '../api/session.ts';
import { Loading, PageTitle, ProblemAlert } from './common.tsx';
import { AnchorLink } from './links.tsx';

export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={640}>
      <PageTitle>{t('auth.notAllowedTitle')}</PageTitle>
      <Text>{t('auth.notAllowed')}</Text>
      <AnchorLink to="/">{t('auth.backHome')}</AnchorLink>
    </Stack>
  );
}

/**
 * Sends the user to the sign-in page once, and back here afterwards. (TanStack's <Navigate>
 * navigates again on every render; while the old page is still shown that loops.)
 */
function RedirectToSignIn() {
  const navigate = useNavigate();
  const href = useLocation({ select: (location) => location.href });
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void navigate({ to: '/signin', search: { redirect: href }, replace: true });
  }, [navigate, href]);
  return <Loading />;
}

/**
 * Shows its children only to a signed-in user with one of `roles`: anybody else is sent to the
 * sign-in page, a user without the role reads that the area is not theirs.
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ProblemAlert error={session.error} />;
  if (!session.data.user) return <RedirectToSignIn />;
  if (!hasRole(session.data.user, roles)) return <NotAllowed />;
  return <>{children}</>;
}
