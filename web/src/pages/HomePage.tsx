import { Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useUser } from '../api/session.ts';
import { PageTitle } from '../shell/common.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const facts = ['register', 'order', 'turn', 'kindergartens', 'open'] as const;
  const user = useUser();
  // As the menu: the work areas only for those who work there.
  const areas = [
    { to: '/applicant', title: t('nav.applicant'), text: t('home.areas.applicant'), roles: null },
    {
      to: '/staff',
      title: t('nav.staff'),
      text: t('home.areas.staff'),
      roles: ['staff', 'officer', 'admin'],
    },
    { to: '/queue', title: t('nav.publicQueue'), text: t('publicQueue.lead'), roles: null },
    { to: '/admin', title: t('nav.admin'), text: t('home.areas.admin'), roles: ['admin'] },
  ] as const;
  return (
    <Stack gap="lg">
      <PageTitle description={t('home.lead')}>{t('home.title')}</PageTitle>
      <section aria-labelledby="home-how">
        <Title order={2} size="h3" id="home-how" mb="sm">
          {t('home.howTitle')}
        </Title>
        <List spacing="xs">
          {facts.map((fact) => (
            <List.Item key={fact}>{t(`home.facts.${fact}`)}</List.Item>
          ))}
        </List>
      </section>
      <section aria-labelledby="home-areas">
        <Title order={2} size="h3" id="home-areas" mb="sm">
          {t('home.areasTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {areas
            .filter((area) => area.roles === null || hasRole(user, area.roles))
            .map((area) => (
              // The whole card is the link to its area: it looks clickable, so it is.
              <Card
                key={area.to}
                withBorder
                padding="md"
                component={Link}
                to={area.to}
                className="home-card"
              >
                <Title order={3} size="h4" c="blue.9">
                  {area.title}
                </Title>
                <Text mt="xs">{area.text}</Text>
              </Card>
            ))}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
