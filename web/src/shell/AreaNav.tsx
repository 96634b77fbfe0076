import { Group } from '@mantine/core';
import { useLocation } from '@tanstack/react-router';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Role } from '@kezek/contracts';
import { hasRole, useUser } from '../api/session.ts';
import { ButtonLink } from './links.tsx';

export interface AreaScreen {
  to: string;
  /** The catalog key of the link's text. */
  label: ParseKeys;
  roles: readonly Role[];
  /** Active on this path only, not on the paths below it (an area's home). */
  exact?: boolean;
}

/** A link's button grows to two lines rather than past the screen. */
const WRAPPING = {
  root: { height: 'auto' },
  // The button's own height less its border, the label centred in it on one line or two.
  inner: { minHeight: 'calc(var(--button-height) - 2px)' },
  label: { whiteSpace: 'normal', height: 'auto', overflow: 'visible', paddingBlock: 2 },
} as const;

/** The screens of one area the user's roles open, as a row of links; the current one filled. */
export function AreaNav({ label, screens }: { label: string; screens: readonly AreaScreen[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const open = screens.filter((screen) => hasRole(user, screen.roles));
  return (
    <nav aria-label={label}>
      <Group gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {open.map((screen) => {
          const active =
            pathname === screen.to || (!screen.exact && pathname.startsWith(`${screen.to}/`));
          return (
            <li key={screen.to} style={{ maxWidth: '100%' }}>
              <ButtonLink
                to={screen.to}
                size="compact-md"
                variant={active ? 'filled' : 'default'}
                activeOptions={{ exact: screen.exact ?? false }}
                // A long name (Kazakh's «Қызметкерлердің есептік жазбалары») wraps on a phone
                // instead of running past the screen's edge.
                maw="100%"
                styles={WRAPPING}
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
