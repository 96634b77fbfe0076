import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@kezek/contracts';
import { isValidIin, localDateOf } from '@kezek/domain';
import {
  applicationKeys,
  createApplication,
  useMyChildren,
  usePerson,
} from '../api/applications.ts';
import type { Person } from '../api/applications.ts';
import { useRegions } from '../api/reference.ts';
import { useUser } from '../api/session.ts';
import { isCancelled, signProblemMessage } from '../eds/errors.ts';
import { signAction } from '../eds/signer.ts';
import { formatPhone, nextPhoneValue, phoneDigits } from '../forms/phone.ts';
import { problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { formatMonth, formatShortDate, localName, useLanguage } from '../i18n/format.ts';
import { Msg } from '../i18n/message.tsx';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { AnchorLink } from '../shell/links.tsx';
import {
  ADDRESS_FIELDS,
  applicantStepSchema,
  applicationFormSchema,
  applyIssueOverrides,
  emptyApplyValues,
  homeMissing,
  signedApplicationFields,
  toApplicationFields,
  wantedFromChoices,
} from './apply-fields.ts';
import type { ApplyValues } from './apply-fields.ts';
import { BenefitFields } from './BenefitFields.tsx';
import { RankedKindergartens } from './RankedKindergartens.tsx';
import { useUploads } from './uploads.ts';
import type { Uploads } from './uploads.ts';

type Form = UseFormReturnType<ApplyValues>;

/** "1-қадам: …" and "2-қадам: …", the current one marked for screen readers too. */
function Steps({ active }: { active: 0 | 1 }) {
  const { t } = useTranslation();
  const steps = [t('apply.step1'), t('apply.step2')];
  return (
    <ol className="apply-steps" aria-label={t('apply.stepsLabel')}>
      {steps.map((label, index) => (
        <li
          key={label}
          className="apply-step"
          data-active={index === active || undefined}
          aria-current={index === active ? 'step' : undefined}
        >
          <Text component="span" fw={700}>
            {t('apply.step', { n: index + 1 })}
          </Text>{' '}
          <Text component="span">{label}</Text>
        </li>
      ))}
    </ol>
  );
}

/**
 * Registry data shown read-only (filled in automatically from ГБД ФЛ: docs/rules.md, "Registration
 * and eligibility").
 */
function RegistryFields({
  person,
  labels,
}: {
  person: Pick<Person, 'lastName' | 'firstName' | 'middleName' | 'birthDate'> | null;
  labels: { lastName: string; firstName: string; middleName: string; birthDate: string };
}) {
  const value = (text: string | null | undefined) => text ?? '';
  return (
    <>
      <TextInput
        label={labels.lastName}
        readOnly
        variant="filled"
        value={value(person?.lastName)}
      />
      <TextInput
        label={labels.firstName}
        readOnly
        variant="filled"
        value={value(person?.firstName)}
      />
      <TextInput
        label={labels.middleName}
        readOnly
        variant="filled"
        value={value(person?.middleName)}
      />
      <TextInput
        label={labels.birthDate}
        readOnly
        variant="filled"
        value={person ? formatShortDate(person.birthDate) : ''}
      />
    </>
  );
}

function PhoneInput({
  form,
  path,
  label,
  required,
}: {
  form: Form;
  path: 'applicant.phone' | 'applicant.extraPhone';
  label: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const props = form.getInputProps(path);
  const current =
    path === 'applicant.phone' ? form.values.applicant.phone : form.values.applicant.extraPhone;
  return (
    <TextInput
      label={label}
      description={t('contacts.phoneHint')}
      type="tel"
      autoComplete={required ? 'tel' : 'off'}
      inputMode="tel"
      placeholder="+7 701 234 56 78"
      required={required}
      {...props}
      onChange={(event) =>
        form.setFieldValue(path, nextPhoneValue(current, event.currentTarget.value))
      }
    />
  );
}

/** What a browser may fill each address field with. */
const ADDRESS_AUTOCOMPLETE: Record<(typeof ADDRESS_FIELDS)[number], string> = {
  city: 'address-level2',
  district: 'address-level3',
  street: 'address-line1',
  house: 'address-line2',
  flat: 'address-line3',
};

/** Step 1: the applicant from the registry (read-only), their contacts and address. */
function ApplicantStep({ form, user }: { form: Form; user: User }) {
  const { t } = useTranslation();
  const me = usePerson(user.iin);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('apply.registryNote')}
      </Text>
      <ProblemAlert error={me.error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('apply.applicant.iin')} readOnly variant="filled" value={user.iin} />
        <RegistryFields
          person={me.data ?? null}
          labels={{
            lastName: t('apply.applicant.lastName'),
            firstName: t('apply.applicant.firstName'),
            middleName: t('apply.applicant.middleName'),
            birthDate: t('apply.applicant.birthDate'),
          }}
        />
      </SimpleGrid>
      <Title order={3} size="h4" mt="sm">
        {t('apply.contactsTitle')}
      </Title>
      <Alert
        color="blue"
        variant="light"
        title={t('apply.attention')}
        styles={{ title: { color: 'var(--mantine-color-text)' } }}
      >
        {t('apply.contactsWarning')}
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('applicant.email')}
        />
        <PhoneInput form={form} path="applicant.phone" label={t('fields.phone')} required />
        <TextInput
          label={t('apply.extraEmail')}
          type="email"
          autoComplete="off"
          {...form.getInputProps('applicant.extraEmail')}
        />
        <PhoneInput form={form} path="applicant.extraPhone" label={t('apply.extraPhone')} />
      </SimpleGrid>
      {/* The manual's address fields (seed 001, fig. 6); optional, but begun it needs its city,
          street and house. */}
      <fieldset className="plain-fieldset">
        <legend>{t('apply.address')}</legend>
        <Text size="sm" c="dimmed" mb="xs">
          {t('apply.addressHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {ADDRESS_FIELDS.map((field) => (
            <TextInput
              key={field}
              label={t(`apply.addressParts.${field}`)}
              autoComplete={ADDRESS_AUTOCOMPLETE[field]}
              {...form.getInputProps(`applicant.address.${field}`)}
            />
          ))}
        </SimpleGrid>
      </fieldset>
    </Stack>
  );
}

/** Step 2: the child (a registry child of the applicant, or an IIN typed), and the benefit. */
function ChildStep({
  form,
  uploads,
  ranking,
}: {
  form: Form;
  uploads: Uploads;
  /** The district whose kindergartens are ranked, where the region ranks; else null. */
  ranking: number | null;
}) {
  const { t } = useTranslation();
  const children = useMyChildren();
  const iin = form.values.child.iin.trim();
  const child = usePerson(isValidIin(iin) ? iin : null);
  const known = children.data?.items ?? [];
  return (
    <Stack gap="md">
      {children.isPending ? <Loading /> : null}
      <ProblemAlert error={children.error ?? child.error} />
      {known.length > 0 ? (
        <Radio.Group
          label={t('apply.myChildren')}
          description={t('apply.myChildrenHint')}
          value={known.some((item) => item.iin === iin) ? iin : ''}
          onChange={(value) => form.setFieldValue('child.iin', value)}
        >
          <Stack gap="xs" mt="xs">
            {known.map((item) => (
              <Radio
                key={item.iin}
                value={item.iin}
                label={t('apply.childOption', {
                  name: item.fullName,
                  birthDate: formatShortDate(item.birthDate),
                  iin: item.iin,
                })}
              />
            ))}
          </Stack>
        </Radio.Group>
      ) : children.isSuccess ? (
        <Text>{t('apply.noChildren')}</Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('apply.child.iin')}
          description={t('fields.iinHint')}
          inputMode="numeric"
          maxLength={12}
          autoComplete="off"
          required
          {...form.getInputProps('child.iin')}
        />
        <div aria-live="polite">
          {child.isFetching ? <Text size="sm">{t('apply.childLookup')}</Text> : null}
          {child.isSuccess && child.data === null ? (
            <Text size="sm" fw={500}>
              {t('apply.childNotFound')}
            </Text>
          ) : null}
        </div>
        <RegistryFields
          person={child.data ?? null}
          labels={{
            lastName: t('apply.child.lastName'),
            firstName: t('apply.child.firstName'),
            middleName: t('apply.child.middleName'),
            birthDate: t('apply.child.birthDate'),
          }}
        />
      </SimpleGrid>
      <NativeSelect
        label={t('apply.wantedFrom')}
        description={t('apply.wantedFromHint')}
        data={[
          { value: '', label: t('apply.wantedFromAtOnce') },
          ...wantedFromChoices(localDateOf(new Date()), child.data?.birthDate ?? null).map(
            (month) => ({ value: month, label: formatMonth(month) }),
          ),
        ]}
        {...form.getInputProps('wantedFrom')}
      />
      {ranking !== null ? (
        <RankedKindergartens
          districtId={ranking}
          value={form.values.preferences}
          onChange={(preferences) => {
            form.setFieldValue('preferences', preferences);
            form.clearFieldError('preferences.0');
          }}
          firstError={form.errors['preferences.0']}
          nearby={{
            value: form.values.nearby,
            onChange: (nearby) => {
              form.setFieldValue('nearby', nearby);
              form.clearFieldError('preferences.0');
              form.clearFieldError('nearby.home');
            },
            homeError: [
              form.errors['nearby.home'],
              form.errors['nearby.home.lat'],
              form.errors['nearby.home.lon'],
            ]
              .find(Boolean)
              ?.toString(),
          }}
        />
      ) : null}
      <Checkbox
        label={t('apply.beneficiary')}
        description={t('apply.beneficiaryHint')}
        {...form.getInputProps('beneficiary', { type: 'checkbox' })}
      />
      {form.values.beneficiary ? (
        <BenefitFields
          categoryCode={form.values.benefit.categoryCode}
          onCategoryChange={(code) => form.setFieldValue('benefit.categoryCode', code)}
          categoryError={form.errors['benefit.categoryCode']}
          uploads={uploads}
          attachmentsError={form.errors['benefit.attachments']}
        />
      ) : null}
    </Stack>
  );
}

function ApplyForm({
  districtId,
  districtName,
  ranked,
}: {
  districtId: number;
  districtName: string;
  ranked: boolean;
}) {
  const { t } = useTranslation();
  const user = useUser()!;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const uploads = useUploads();
  const [step, setStep] = useState<0 | 1>(0);
  const [waitUploads, setWaitUploads] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const form = useForm<ApplyValues>({
    initialValues: emptyApplyValues({
      email: user.email ?? '',
      phone: user.phone ? formatPhone(phoneDigits(user.phone)) : '',
    }),
  });

  // A new step: its heading takes the focus, so a screen reader reads where the user is.
  useEffect(() => {
    if (!moved.current) return;
    heading.current?.focus();
  }, [step]);

  const send = useMutation({
    mutationFn: async (fields: ReturnType<typeof signedApplicationFields>) =>
      createApplication(await signAction('application.create', fields)),
    onSuccess: async (application) => {
      queryClient.setQueryData(applicationKeys.one(application.id), application);
      void queryClient.invalidateQueries({ queryKey: applicationKeys.journal });
      // The application page opens with the manual's window: the notice and its document.
      await navigate({
        to: '/applicant/applications/$id',
        params: { id: application.id },
        search: { registered: true },
      });
    },
    onError: (error) => form.setErrors(problemFieldErrors(error)),
  });

  const toStep = (next: 0 | 1) => {
    moved.current = true;
    setStep(next);
  };

  const next = () => {
    const errors = zodValidate(applicantStepSchema, (values: ApplyValues) =>
      toApplicationFields(values, districtId, uploads.refs),
    )(form.values);
    form.setErrors(errors);
    if (Object.keys(errors).length === 0) toStep(1);
  };

  const submit = () => {
    const errors = zodValidate(
      applicationFormSchema,
      (values: ApplyValues) => toApplicationFields(values, districtId, uploads.refs),
      applyIssueOverrides,
    )(form.values);
    // Where the region ranks, the first choice (or a radius around home) is required, and a radius
    // needs its home (docs/rules.md, "Ranked preferences"): said here, before anything is signed.
    const { preferences, nearby } = form.values;
    if (ranked && !preferences.some((rank) => rank !== '') && nearby.radiusKm === '') {
      errors['preferences.0'] = t('validation.required');
    }
    if (ranked && homeMissing(nearby)) errors['nearby.home'] = t('validation.required');
    form.setErrors(errors);
    if (Object.keys(errors).some((path) => path.startsWith('applicant.'))) {
      toStep(0);
      return;
    }
    const waiting = form.values.beneficiary && uploads.pending;
    setWaitUploads(waiting);
    if (Object.keys(errors).length > 0 || waiting) return;
    send.mutate(signedApplicationFields(form.values, districtId, uploads.refs));
  };

  const refusal = send.error && !isCancelled(send.error) ? send.error : null;
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Text>{t('apply.place', { name: districtName })}</Text>
        <AnchorLink to="/applicant/service">{t('apply.changePlace')}</AnchorLink>
      </Group>
      <Steps active={step} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (step === 0) next();
          else submit();
        }}
      >
        <Paper withBorder p="lg" radius="md">
          <Stack gap="lg">
            <Title order={2} size="h3" ref={heading} tabIndex={-1}>
              {step === 0 ? t('apply.applicantTitle') : t('apply.childTitle')}
            </Title>
            {step === 0 ? (
              <ApplicantStep form={form} user={user} />
            ) : (
              <ChildStep form={form} uploads={uploads} ranking={ranked ? districtId : null} />
            )}
            {step === 1 && refusal ? (
              <Alert color="red" variant="light" role="alert" title={t('apply.refusedTitle')}>
                <Msg message={signProblemMessage(refusal)} />
              </Alert>
            ) : null}
            {step === 1 && waitUploads && uploads.pending ? (
              <Text fw={500} role="status">
                {t('apply.uploadsPending')}
              </Text>
            ) : null}
            {step === 1 ? (
              <Text size="sm" c="dimmed">
                {t('apply.signHint')}
              </Text>
            ) : null}
            <Group justify="space-between">
              {step === 1 ? (
                <Button variant="default" onClick={() => toStep(0)} disabled={send.isPending}>
                  {t('apply.back')}
                </Button>
              ) : (
                <span />
              )}
              <Button type="submit" loading={send.isPending}>
                {step === 0 ? t('apply.next') : t('apply.submit')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </form>
    </Stack>
  );
}

function ApplyScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const { districtId } = useSearch({ from: '/applicant/new' });
  const regions = useRegions();
  const district = (regions.data?.items ?? [])
    .flatMap((region) => region.districts.map((item) => ({ region, district: item })))
    .find((item) => item.district.id === districtId);
  const name = district
    ? district.region.districts.length === 1
      ? localName(district.region.name, lng)
      : `${localName(district.region.name, lng)}, ${localName(district.district.name, lng)}`
    : '';
  return (
    <Stack gap="lg" maw={960}>
      <PageTitle>{t('apply.title')}</PageTitle>
      <ProblemAlert error={regions.error} />
      {regions.isPending ? (
        <Loading />
      ) : district ? (
        <ApplyForm
          districtId={district.district.id}
          districtName={name}
          ranked={district.region.allocation === 'ranked'}
        />
      ) : (
        <Text>
          {t('apply.needPlace')}{' '}
          <AnchorLink to="/applicant/service">{t('apply.serviceLink')}</AnchorLink>
        </Text>
      )}
    </Stack>
  );
}

/**
 * The two-step application (docs/rules.md, "Registration and eligibility"), signed with the SIGN
 * key.
 */
export function ApplyPage() {
  return (
    <RequireRole roles={['applicant']}>
      <ApplyScreen />
    </RequireRole>
  );
}
