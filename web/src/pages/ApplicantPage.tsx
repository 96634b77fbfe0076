import { Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '@kezek/contracts';
import { hasRole, useSession } from '../api/session.ts';
import { EdsSignInPanel } from '../eds/EdsSignIn.tsx';
import { formatPhone, phoneDigits } from '../forms/phone.ts';
import { AttachForm, JournalTable } from '../applicant/Journal.tsx';
import { Loading, PageTitle } from '../shell/common.tsx';
import { ButtonLink } from '../shell/links.tsx';
import { ContactsForm } from './ContactsForm.tsx';

/** The signed-in applicant: who they are and how they are reached. */
function ApplicantProfile({ user }: { user: User }) {
  const { t } = useTranslation();
  const details = [
    { label: t('fields.iin'), value: user.iin },
    { label: t('fields.email'), value: user.email ?? t('applicant.notGiven') },
    {
      label: t('fields.phone'),
      value: user.phone ? formatPhone(phoneDigits(user.phone)) : t('applicant.notGiven'),
    },
  ];
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('applicant.greeting', { name: user.fullName })}
        </Title>
        <dl className="profile-details">
          {details.map((detail) => (
            <div key={detail.label}>
              <Text component="dt" size="sm" c="dimmed">
                {detail.label}
              </Text>
              <Text component="dd" fw={500}>
                {detail.value}
              </Text>
            </div>
          ))}
        </dl>
        <div>
          <Group gap="sm">
            <ButtonLink to="/applicant/service" size="md">
              {t('service.button')}
            </ButtonLink>
            <ButtonLink to="/applicant/messages" size="md" variant="default">
              {t('inbox.link')}
            </ButtonLink>
          </Group>
        </div>
      </Stack>
    </Paper>
  );
}

/**
 * The applicant area. Not signed in: the EDS sign-in, right here. Signed in for the first time:
 * the e-mail and phone (docs/rules.md, "Signing in"). Then: the applicant's details, the way to
 * register a child, the journal of applications and the form to attach the other parent's
 * application.
 */
export function ApplicantPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user ?? null;
  const applicant = hasRole(user, ['applicant']);
  const steps = ['eds', 'email', 'form', 'journal'] as const;
  const ready = !!user && applicant && !!user.email;
  return (
    <Stack gap="lg">
      <Stack gap="lg" maw={860}>
        <PageTitle description={t('applicant.lead')}>{t('applicant.title')}</PageTitle>
        {session.isPending ? <Loading /> : null}
        {!session.isPending && !user ? <EdsSignInPanel onSignedIn={() => undefined} /> : null}
        {user && applicant && !user.email ? <ContactsForm user={user} /> : null}
        {user && ready ? <ApplicantProfile user={user} /> : null}
        {user && !applicant ? (
          <Text>{t('applicant.signedInNotApplicant', { name: user.fullName })}</Text>
        ) : null}
      </Stack>
      {/* The journal has nine columns: it takes the whole width. */}
      {ready ? <JournalTable /> : null}
      <Stack gap="lg" maw={860}>
        {ready ? <AttachForm /> : null}
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
      </Stack>
    </Stack>
  );
}
