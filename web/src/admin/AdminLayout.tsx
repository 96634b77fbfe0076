import { Group, Stack } from '@mantine/core';
import { Outlet, useLocation } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '@kezek/contracts';
import { hasRole, useUser } from '../api/session.ts';
import { RequireRole } from '../shell/guards.tsx';
import { ButtonLink } from '../shell/links.tsx';

export const ADMIN_SCREENS = [
  { to: '/admin/regions', label: 'admin.nav.regions', roles: ['admin'] },
  { to: '/admin/kindergartens', label: 'admin.nav.kindergartens', roles: ['admin'] },
  { to: '/admin/staff', label: 'admin.nav.staff', roles: ['admin'] },
  { to: '/admin/policy', label: 'admin.nav.policy', roles: ['admin'] },
  { to: '/admin/calendar', label: 'admin.nav.calendar', roles: ['admin', 'officer'] },
] as const satisfies readonly { to: string; label: string; roles: readonly Role[] }[];

function AdminNav() {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const screens = ADMIN_SCREENS.filter((screen) => hasRole(user, screen.roles));
  return (
    <nav aria-label={t('admin.nav.label')}>
      <Group gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {screens.map((screen) => {
          const active = pathname === screen.to || pathname.startsWith(`${screen.to}/`);
          return (
            <li key={screen.to}>
              <ButtonLink
                to={screen.to}
                size="compact-md"
                variant={active ? 'filled' : 'default'}
                activeOptions={{ exact: false }}
              >
                {t(screen.label)}
              </ButtonLink>
            </li>
          );
        })}
      </Group>
    </nav>
  );
}

/** The department / administration area: officers see the calendar, administrators all. */
export function AdminLayout() {
  return (
    <RequireRole roles={['admin', 'officer']}>
      <Stack gap="lg">
        <AdminNav />
        <Outlet />
      </Stack>
    </RequireRole>
  );
}
