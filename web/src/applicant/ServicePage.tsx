import {
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { instructionsUrl } from '../api/applications.ts';
import { useRegions } from '../api/reference.ts';
import type { Region } from '../api/types.ts';
import { localName, useLanguage } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';

const DOCUMENT_KINDS = ['registration_notice', 'documents_receipt', 'record_book_entry'] as const;

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="service-fact">
      <Text component="dt" fw={700}>
        {term}
      </Text>
      <Text component="dd">{children}</Text>
    </div>
  );
}

/**
 * The service description (docs/rules.md, "Registration and eligibility"), in the interface
 * language.
 */
function ServiceFacts() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="service-about">
      <Title order={2} size="h3" id="service-about" mb="sm">
        {t('service.aboutTitle')}
      </Title>
      <Paper withBorder p="lg" radius="md">
        <SimpleGrid component="dl" cols={{ base: 1, md: 2 }} spacing="lg" className="service-facts">
          <Fact term={t('service.recipients')}>{t('service.recipientsText')}</Fact>
          <div className="service-fact">
            <Text component="dt" fw={700}>
              {t('service.refusal')}
            </Text>
            <dd>
              <Text>{t('service.refusalLead')}</Text>
              <List size="sm" mt={4}>
                <List.Item>{t('service.refusalQueued')}</List.Item>
                <List.Item>{t('service.refusalAge')}</List.Item>
                <List.Item>{t('service.refusalIin')}</List.Item>
              </List>
            </dd>
          </div>
          <Fact term={t('service.provider')}>{t('service.providerText')}</Fact>
          <Fact term={t('service.term')}>{t('service.termText')}</Fact>
          <Fact term={t('service.form')}>{t('service.formText')}</Fact>
          <Fact term={t('service.cost')}>{t('service.costText')}</Fact>
          <div className="service-fact">
            <Text component="dt" fw={700}>
              {t('service.documents')}
            </Text>
            <dd>
              <List size="sm">
                <List.Item>{t('service.documentsEds')}</List.Item>
                <List.Item>{t('service.documentsBenefit')}</List.Item>
              </List>
            </dd>
          </div>
          <div className="service-fact">
            <Text component="dt" fw={700}>
              {t('service.result')}
            </Text>
            <dd>
              <Text>{t('service.resultText')}</Text>
              <List size="sm" mt={4}>
                {DOCUMENT_KINDS.map((kind) => (
                  <List.Item key={kind}>{t(`application.documents.kinds.${kind}`)}</List.Item>
                ))}
              </List>
            </dd>
          </div>
        </SimpleGrid>
      </Paper>
    </section>
  );
}

/** The region, then its district, unless a region has one queue (Astana): then none to choose. */
function PlaceFields({
  regions,
  regionId,
  districtId,
  onRegion,
  onDistrict,
  errors,
}: {
  regions: Region[];
  regionId: string;
  districtId: string;
  onRegion: (id: string) => void;
  onDistrict: (id: string) => void;
  errors: { region?: string; district?: string };
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const region = regions.find((item) => String(item.id) === regionId);
  const choose = { value: '', label: t('common.choose') };
  return (
    <Fieldset legend={t('service.placeTitle')}>
      <Stack gap="sm">
        <Text size="sm">{t('service.placeLead')}</Text>
        {regions.length > 1 ? (
          <NativeSelect
            label={t('fields.region')}
            required
            value={regionId}
            onChange={(event) => onRegion(event.currentTarget.value)}
            data={[
              choose,
              ...regions.map((item) => ({
                value: String(item.id),
                label: localName(item.name, lng),
              })),
            ]}
            error={errors.region}
          />
        ) : null}
        {region && region.districts.length > 1 ? (
          <NativeSelect
            label={t('service.district')}
            required
            value={districtId}
            onChange={(event) => onDistrict(event.currentTarget.value)}
            data={[
              choose,
              ...region.districts.map((item) => ({
                value: String(item.id),
                label: localName(item.name, lng),
              })),
            ]}
            error={errors.district}
          />
        ) : null}
      </Stack>
    </Fieldset>
  );
}

/**
 * The service page (docs/rules.md, "Registration and eligibility"): what the service is, the
 * instructions to download, the confirmation that they were read, and where the child will queue;
 * then the form.
 */
export function ServicePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const regions = useRegions();
  const items = (regions.data?.items ?? []).filter((region) => region.districts.length > 0);
  const [read, setRead] = useState(false);
  const [chosenRegion, setRegionId] = useState('');
  const [districtId, setDistrictId] = useState('');
  const [errors, setErrors] = useState<{ read?: string; region?: string; district?: string }>({});
  // One region only: nothing to choose there.
  const regionId = items.length === 1 ? String(items[0]!.id) : chosenRegion;
  const region = items.find((item) => String(item.id) === regionId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!read) found.read = t('service.confirmRequired');
    if (!region) found.region = t('validation.required');
    const district =
      region && region.districts.length === 1
        ? region.districts[0]
        : region?.districts.find((item) => String(item.id) === districtId);
    if (region && !district) found.district = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0 || !district) return;
    void navigate({ to: '/applicant/new', search: { districtId: district.id } });
  };

  return (
    <Stack gap="lg" maw={960}>
      <PageTitle description={t('service.lead')}>{t('service.title')}</PageTitle>
      <ServiceFacts />
      <section aria-labelledby="service-instructions">
        <Title order={2} size="h3" id="service-instructions" mb="sm">
          {t('service.instructionsTitle')}
        </Title>
        <Stack gap={6}>
          <Anchor href={instructionsUrl('kk')} hrefLang="kk" type="application/pdf" target="_blank">
            {t('service.instructionsKk')}
          </Anchor>
          <Anchor href={instructionsUrl('ru')} hrefLang="ru" type="application/pdf" target="_blank">
            {t('service.instructionsRu')}
          </Anchor>
        </Stack>
      </section>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Checkbox
            label={t('service.confirmRead')}
            checked={read}
            required
            onChange={(event) => {
              setRead(event.currentTarget.checked);
              setErrors((current) => ({ ...current, read: undefined }));
            }}
            error={errors.read}
          />
          <ProblemAlert error={regions.error} />
          {regions.isPending ? (
            <Loading />
          ) : (
            <PlaceFields
              regions={items}
              regionId={regionId}
              districtId={districtId}
              onRegion={(id) => {
                setRegionId(id);
                setDistrictId('');
                setErrors((current) => ({ ...current, region: undefined, district: undefined }));
              }}
              onDistrict={(id) => {
                setDistrictId(id);
                setErrors((current) => ({ ...current, district: undefined }));
              }}
              errors={errors}
            />
          )}
          <div>
            <Button type="submit" size="md">
              {t('service.apply')}
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}
