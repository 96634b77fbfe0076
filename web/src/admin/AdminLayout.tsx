import { Stack } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AreaNav, type AreaScreen } from '../shell/AreaNav.tsx';
import { RequireRole } from '../shell/guards.tsx';

export const ADMIN_SCREENS = [
  { to: '/admin/regions', label: 'admin.nav.regions', roles: ['admin'] },
  { to: '/admin/kindergartens', label: 'admin.nav.kindergartens', roles: ['admin'] },
  { to: '/admin/staff', label: 'admin.nav.staff', roles: ['admin'] },
  { to: '/admin/policy', label: 'admin.nav.policy', roles: ['admin'] },
  { to: '/admin/calendar', label: 'admin.nav.calendar', roles: ['admin', 'officer'] },
  { to: '/admin/queue-import', label: 'admin.nav.queueImport', roles: ['admin'] },
  // The department's dashboard, every district for an administrator (department/DashboardPage).
  { to: '/department/dashboard', label: 'admin.nav.dashboard', roles: ['admin'] },
] as const satisfies readonly AreaScreen[];

/** The department / administration area: officers see the calendar, administrators all. */
export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <RequireRole roles={['admin', 'officer']}>
      <Stack gap="lg">
        <AreaNav label={t('admin.nav.label')} screens={ADMIN_SCREENS} />
        <Outlet />
      </Stack>
    </RequireRole>
  );
}
