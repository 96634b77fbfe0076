import { Button, Stack, Title } from '@mantine/core';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../shell/common.tsx';

export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={640}>
      <Title order={1} size="h2">
        {t('common.errorTitle')}
      </Title>
      <ProblemAlert error={error} />
      <div>
        <Button variant="default" onClick={reset}>
          {t('common.retry')}
        </Button>
      </div>
    </Stack>
  );
}
