import { Stack } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AreaNav, type AreaScreen } from '../shell/AreaNav.tsx';
import { RequireRole } from '../shell/guards.tsx';

export const STAFF_SCREENS = [
  { to: '/staff', label: 'places.nav.home', roles: ['staff'], exact: true },
  { to: '/staff/places', label: 'places.nav.places', roles: ['staff', 'officer', 'admin'] },
  { to: '/staff/workspace', label: 'workspace.nav.workspace', roles: ['staff', 'admin'] },
  { to: '/staff/enrolments', label: 'workspace.nav.enrolments', roles: ['staff', 'admin'] },
  { to: '/staff/queue', label: 'workspace.nav.queue', roles: ['staff'] },
] as const satisfies readonly AreaScreen[];

/**
 * The kindergarten staff area. Officers and administrators come here for the free places base
 * (officers read their districts' places, administrators may add them too).
 */
export function StaffLayout() {
  const { t } = useTranslation();
  return (
    <RequireRole roles={['staff', 'officer', 'admin']}>
      <Stack gap="lg">
        <AreaNav label={t('places.nav.label')} screens={STAFF_SCREENS} />
        <Outlet />
      </Stack>
    </RequireRole>
  );
}
