import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../shell/common.tsx';
import { AnchorLink } from '../shell/links.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <Text>{t('notFound.text')}</Text>
      <AnchorLink to="/">{t('auth.backHome')}</AnchorLink>
    </Stack>
  );
}
