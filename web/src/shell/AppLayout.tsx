import { AppShell, Box, Burger, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession, useSignOut, useUser } from '../api/session.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { AnchorLink, ButtonLink, NavLinkLink } from './links.tsx';

function UserBox() {
  const { t } = useTranslation();
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const onSignInPage = useLocation({ select: (location) => location.pathname === '/signin' });
  const user = session.data?.user;
  if (session.isPending) return null;
  if (!user) {
    // The sign-in page has its own button of that name.
    if (onSignInPage) return null;
    return (
      <ButtonLink to="/signin" size="compact-md" variant="outline">
        {t('auth.signIn')}
      </ButtonLink>
    );
  }
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" fw={500} lineClamp={2} maw={{ base: 150, sm: 360 }} lh={1.2}>
        {user.fullName}
      </Text>
      <Button
        size="compact-md"
        variant="outline"
        loading={signOut.isPending}
        onClick={() => {
          // Leave the guarded page first: it would otherwise redirect to the sign-in page.
          void navigate({ to: '/' }).then(() => signOut.mutate());
        }}
      >
        {t('auth.signOut')}
      </Button>
    </Group>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const user = useUser();
  // Each work area only for those who work in it (a parent sees the home page and their own);
  // staff, officers and administrators sign in with the header's button.
  const areas = [
    { to: '/', label: t('nav.home'), exact: true, roles: null },
    { to: '/applicant', label: t('nav.applicant'), exact: false, roles: null },
    { to: '/queue', label: t('nav.publicQueue'), exact: false, roles: null },
    { to: '/transparency', label: t('nav.transparency'), exact: false, roles: null },
    { to: '/staff', label: t('nav.staff'), exact: false, roles: ['staff', 'officer', 'admin'] },
    {
      to: '/department',
      label: t('department.nav.title'),
      exact: false,
      roles: ['officer', 'admin'],
    },
    { to: '/admin', label: t('nav.admin'), exact: false, roles: ['admin'] },
  ] as const;

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggle')}
              aria-expanded={opened}
            />
            <Stack gap={0}>
              <AnchorLink to="/" fw={700} fz="xl" c="inherit" underline="never" lh={1.1}>
                kezek
              </AnchorLink>
              <Text size="sm" c="dimmed" visibleFrom="md" lh={1.2}>
                {t('app.subtitle')}
              </Text>
            </Stack>
          </Group>
          <Group gap="md" wrap="nowrap">
            <LanguageSwitcher />
            <Box visibleFrom="xs">
              <UserBox />
            </Box>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
        {areas
          .filter((area) => area.roles === null || hasRole(user, area.roles))
          .map((area) => (
            <NavLinkLink
              key={area.to}
              to={area.to}
              label={area.label}
              activeOptions={{ exact: area.exact }}
              activeProps={{ 'data-active': true }}
              onClick={close}
            />
          ))}
        <Box hiddenFrom="xs" mt="md">
          <UserBox />
        </Box>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Box maw={1280} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
