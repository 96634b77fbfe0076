import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import 'dayjs/locale/kk';
import 'dayjs/locale/ru';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { queryClient } from './api/query-client.ts';
import { router } from './router.tsx';
import { dismissStaleNotifications } from './shell/notify.ts';
import { cssVariablesResolver, makeTheme } from './theme.ts';

export function App() {
  useEffect(() => router.subscribe('onResolved', () => dismissStaleNotifications()), []);
  const { t, i18n } = useTranslation();
  // Close buttons of modals and notifications get their name in the current language.
  const theme = useMemo(() => makeTheme(t('common.close')), [t]);
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          {/* On a phone at the top, where no primary button sits; elsewhere bottom right. */}
          <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
            <Notifications position={phone ? 'top-center' : 'bottom-right'} />
            <RouterProvider router={router} />
          </DatesProvider>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
