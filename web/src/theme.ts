import { Modal, Notification, createTheme } from '@mantine/core';
import type { CSSVariablesResolver } from '@mantine/core';

/** Blue 8 and red 9 keep white text and error text above WCAG AA contrast (4.5:1). */
export function makeTheme(closeLabel: string) {
  return createTheme({
    primaryColor: 'blue',
    primaryShade: 8,
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif',
    components: {
      Modal: Modal.extend({
        defaultProps: {
          closeButtonProps: { 'aria-label': closeLabel },
          // Mantine's modal header is a <header>: a second "banner" landmark while it is open.
          attributes: { header: { component: 'div' } },
        },
      }),
      Notification: Notification.extend({
        defaultProps: { closeButtonProps: { 'aria-label': closeLabel } },
      }),
    },
  });
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // Mantine's hover of a light blue (an active nav link, a light button) is too dark for its
    // blue text (4.0:1); one step lighter keeps 5:1.
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
    '--mantine-color-blue-light-color': 'var(--mantine-color-blue-9)',
  },
  dark: {},
});
