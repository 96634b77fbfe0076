import { Button, Stack } from '@mantine/core';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';

export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={640}>
      <PageTitle>{t('common.errorTitle')}</PageTitle>
      <ProblemAlert error={error} />
      <div>
        <Button variant="default" onClick={reset}>
          {t('common.retry')}
        </Button>
      </div>
    </Stack>
  );
}
