import { Alert, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUser } from '../api/session.ts';
import { PageTitle } from '../shell/common.tsx';

/** The applicant area: until EDS sign-in arrives, it explains how parents will use the service. */
export function ApplicantPage() {
  const { t } = useTranslation();
  const user = useUser();
  const steps = ['eds', 'email', 'form', 'journal'] as const;
  return (
    <Stack gap="lg" maw={860}>
      <PageTitle description={t('applicant.lead')}>{t('applicant.title')}</PageTitle>
      <Alert variant="light" color="blue" title={t('applicant.edsSoonTitle')}>
        {t('applicant.edsSoon')}
      </Alert>
      <section aria-labelledby="applicant-steps">
        <Title order={2} size="h3" id="applicant-steps" mb="sm">
          {t('applicant.stepsTitle')}
        </Title>
        <List type="ordered" spacing="xs">
          {steps.map((step) => (
            <List.Item key={step}>{t(`applicant.steps.${step}`)}</List.Item>
          ))}
        </List>
      </section>
      <Text>{t('applicant.staffNote')}</Text>
      {user && !user.roles.includes('applicant') ? (
        <Text>{t('applicant.signedInNotApplicant', { name: user.fullName })}</Text>
      ) : null}
    </Stack>
  );
}
