import { Stack } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AreaNav, type AreaScreen } from '../shell/AreaNav.tsx';
import { RequireRole } from '../shell/guards.tsx';

export const DEPARTMENT_SCREENS = [
  { to: '/department/refusals', label: 'department.nav.refusals', roles: ['officer', 'admin'] },
  { to: '/department/queue', label: 'department.nav.queue', roles: ['officer', 'admin'] },
  {
    to: '/department/applications',
    label: 'department.nav.applications',
    roles: ['officer', 'admin'],
  },
  {
    to: '/department/kindergartens',
    label: 'department.nav.kindergartens',
    roles: ['officer', 'admin'],
  },
  { to: '/department/what-if', label: 'department.nav.whatIf', roles: ['officer', 'admin'] },
  { to: '/department/dashboard', label: 'department.nav.dashboard', roles: ['officer', 'admin'] },
] as const satisfies readonly AreaScreen[];

/**
 * The education department (docs/rules.md, "Refusals reviewed by the department"): refusals to
 * review, the queue, the kindergartens, the dashboard.
 */
export function DepartmentLayout() {
  const { t } = useTranslation();
  return (
    <RequireRole roles={['officer', 'admin']}>
      <Stack gap="lg">
        <AreaNav label={t('department.nav.label')} screens={DEPARTMENT_SCREENS} />
        <Outlet />
      </Stack>
    </RequireRole>
  );
}
