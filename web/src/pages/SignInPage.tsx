import {
  Alert,
  Button,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouter, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordSignInSchema } from '@kezek/contracts';
import type { User } from '@kezek/contracts';
import { api } from '../api/client.ts';
import { isApiError } from '../api/errors.ts';
import { problemMessage } from '../api/messages.ts';
import { queryKeys } from '../api/query-client.ts';
import { areaOf, sessionQuery, useUser } from '../api/session.ts';
import { problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { Msg } from '../i18n/message.tsx';
import { PageTitle } from '../shell/common.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { DemoKeysSection } from '../eds/DemoKeys.tsx';
import { EdsSignInPanel } from '../eds/EdsSignIn.tsx';
import type { EdsSignedIn } from '../eds/EdsSignIn.tsx';
import { ContactsForm } from './ContactsForm.tsx';

type SignInValues = { iin: string; password: string };

/** Only a path of this site, never the sign-in page itself. */
function safeRedirect(target: string | undefined): string | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  if (target.startsWith('/signin')) return null;
  return target;
}

export function SignInPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/signin' });
  const navigate = useNavigate();
  const router = useRouter();
  const queryClient = useQueryClient();
  const signedIn = useUser();
  // After a first EDS sign-in: the e-mail and phone the citizen must give (docs/rules.md,
  // "Signing in").
  const [contactsFor, setContactsFor] = useState<User | null>(null);

  /** Back where the user came from, else to the area of their strongest role. */
  const goOn = async (user: User) => {
    const target = safeRedirect(search.redirect);
    if (target) router.history.push(target);
    else await navigate({ to: areaOf(user) });
  };

  const onEdsSignedIn = async (result: EdsSignedIn) => {
    if (result.contactsRequired) setContactsFor(result.user);
    else await goOn(result.user);
  };

  const form = useForm<SignInValues>({
    initialValues: { iin: '', password: '' },
    validate: zodValidate(passwordSignInSchema),
  });

  const signIn = useMutation({
    mutationFn: (body: SignInValues) =>
      api<{ user: User }>('/api/auth/password', { method: 'POST', body }),
    onSuccess: async (result) => {
      // A new session: forget what the previous one could see, then read the new one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
      const session = await queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
      await goOn(session.user ?? result.user);
    },
    onError: (error) => {
      form.setErrors(problemFieldErrors(error, { codeFields: { invalid_iin: 'iin' } }));
    },
  });

  // Wrong IIN or password is said once, above the form, without telling which of them.
  const generalError =
    signIn.error && !isApiError(signIn.error, 'invalid_iin') ? signIn.error : null;

  if (contactsFor) {
    return (
      <Stack maw={560} mx="auto" mt="lg">
        <PageTitle>{t('contacts.pageTitle')}</PageTitle>
        <ContactsForm user={contactsFor} onSaved={(user) => void goOn(user)} />
      </Stack>
    );
  }

  return (
    <Stack maw={1040} mx="auto" mt="lg">
      <PageTitle description={t('signin.lead')}>{t('signin.title')}</PageTitle>
      {signedIn ? (
        <Alert variant="light" color="blue">
          {t('signin.already', { name: signedIn.fullName })}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <EdsSignInPanel onSignedIn={onEdsSignedIn} />
        <Paper withBorder p="lg" radius="md">
          <form
            noValidate
            onSubmit={form.onSubmit((values) => signIn.mutate(passwordSignInSchema.parse(values)))}
          >
            <Stack>
              <Title order={2} size="h3">
                {t('signin.passwordTitle')}
              </Title>
              <Text>{t('signin.passwordLead')}</Text>
              {generalError ? (
                <Alert color="red" variant="light" role="alert">
                  <Msg message={problemMessage(generalError)} />
                </Alert>
              ) : null}
              <TextInput
                label={t('signin.iin')}
                description={t('signin.iinHint')}
                autoComplete="username"
                inputMode="numeric"
                maxLength={12}
                required
                {...form.getInputProps('iin')}
              />
              <PasswordInput
                label={t('signin.password')}
                autoComplete="current-password"
                required
                visibilityToggleButtonProps={{ 'aria-label': t('signin.showPassword') }}
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={signIn.isPending}>
                {t('signin.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </SimpleGrid>
      <Text size="sm">
        {t('signin.parents')} <AnchorLink to="/applicant">{t('signin.parentsLink')}</AnchorLink>
      </Text>
      <DemoKeysSection />
    </Stack>
  );
}
