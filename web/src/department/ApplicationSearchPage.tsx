import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LookupForm, type LookupKey } from '../forms/LookupForm.tsx';
import { useBenefitCategories } from '../api/applications.ts';
import { useApplicationSearch, type ApplicationRecord } from '../api/department.ts';
import { benefitLabel, statusChange, statusLabel } from '../shell/labels.ts';
import {
  formatDateTime,
  formatShortDate,
  kindergartenName,
  localName,
  useLanguage,
} from '../i18n/format.ts';
import { hasMessage, translate } from '../i18n/message.tsx';
import { placeDetails } from '../shell/history.ts';
import { Details } from '../shell/Details.tsx';
import { EmptyRow, Loading, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';

const APPLICATION_NUMBER = /^UO\.\d{4}\.\d{6}\.\d$/i;

function eventLabel(t: ReturnType<typeof useTranslation>['t'], event: string): string {
  const key = `application.history.events.${event.replace(/^application\./, '')}`;
  return hasMessage(key) ? translate(t, key) : event;
}

/** What a history row carries beyond its event: a reason, a comment, the direction, the place. */
function detailsText(
  t: ReturnType<typeof useTranslation>['t'],
  event: string,
  details: Record<string, unknown> | null,
) {
  const parts: string[] = [];
  const text = (key: string) =>
    typeof details?.[key] === 'string' ? (details[key] as string) : null;
  const add = (key: string, values: Record<string, unknown>) =>
    parts.push(translate(t, key, values));
  if (text('direction')) add('department.search.direction', { number: text('direction') });
  if (text('reason')) add('application.history.reason', { reason: text('reason') });
  if (text('comment')) add('department.search.comment', { comment: text('comment') });
  parts.push(...placeDetails(t, event, details));
  return parts.join('; ') || '—';
}

function RecordCard({ record }: { record: ApplicationRecord }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const categories = useBenefitCategories();
  const { application, history } = record;
  const headingId = `record-${application.id}`;
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id={headingId}>
            {t('application.title', { number: application.number })}
          </Title>
          <Badge variant="outline" color="blue.9" tt="none">
            {statusLabel(t, application.status)}
          </Badge>
        </Group>
        <Details
          items={[
            { label: t('department.search.child'), value: application.child.fullName },
            { label: t('fields.iin'), value: application.child.iin },
            {
              label: t('application.fields.birthDate'),
              value: formatShortDate(application.child.birthDate),
            },
            {
              label: t('department.search.applicant'),
              value: `${application.applicant.fullName} (${application.applicant.iin})`,
            },
            {
              label: t('application.fields.district'),
              value: localName(application.district.name, lng),
            },
            { label: t('application.fields.groupYear'), value: application.groupYear },
            {
              label: t('application.fields.benefit'),
              value: benefitLabel(t, categories.data?.items, application.benefit.categoryCode, lng),
            },
            { label: t('application.fields.queueNumber'), value: application.queueNumber ?? '—' },
            {
              label: t('application.fields.registeredAt'),
              value: formatDateTime(application.registeredAt, { seconds: true }),
            },
            {
              label: t('department.search.lastDirection'),
              value: application.direction
                ? `${application.direction.number}, ${kindergartenName(application.direction.kindergarten.name, lng)}`
                : '—',
            },
          ]}
        />
        <Table.ScrollContainer minWidth={880}>
          <Table striped withTableBorder>
            <TableHeading>{t('department.search.history')}</TableHeading>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('application.history.at')}</Table.Th>
                <Table.Th scope="col">{t('application.history.event')}</Table.Th>
                <Table.Th scope="col">{t('application.history.status')}</Table.Th>
                <Table.Th scope="col">{t('application.history.actor')}</Table.Th>
                <Table.Th scope="col">{t('application.history.details')}</Table.Th>
                <Table.Th scope="col">{t('department.search.signer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.length === 0 ? (
                <EmptyRow colSpan={6}>{t('application.history.empty')}</EmptyRow>
              ) : (
                history.map((item, index) => (
                  <Table.Tr key={`${item.at}-${index}`}>
                    <Table.Td>{formatDateTime(item.at, { seconds: true })}</Table.Td>
                    <Table.Td>{eventLabel(t, item.event)}</Table.Td>
                    <Table.Td>{statusChange(t, item.fromStatus, item.toStatus)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{translate(t, `department.actor.${item.actor}`)}</Text>
                      {item.actorName ? (
                        <Text size="sm" c="dimmed">
                          {item.actorName}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{detailsText(t, item.event, item.details)}</Table.Td>
                    <Table.Td>
                      {item.signer ? (
                        <>
                          <Text size="sm">{item.signer.fullName}</Text>
                          <Text size="sm" c="dimmed">
                            {t('department.iinValue', { iin: item.signer.iin })}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('department.search.certificate', {
                              serial: item.signer.serialNumber,
                            })}
                          </Text>
                        </>
                      ) : item.signed ? (
                        t('application.history.signed')
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}

/** An application of the officer's districts by the child's IIN or its number, with its history. */
export function ApplicationSearchPage() {
  const { t } = useTranslation();
  const [lookup, setLookup] = useState<{ by: LookupKey; value: string } | null>(null);
  const found = useApplicationSearch(lookup);
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.search.lead')}>
        {t('department.search.title')}
      </PageTitle>
      <LookupForm
        label={t('department.search.title')}
        numberKey={{
          option: t('department.search.byNumber'),
          label: t('department.search.number'),
          hint: t('department.search.numberHint'),
          pattern: APPLICATION_NUMBER,
          invalid: t('department.search.badNumber'),
        }}
        busy={found.isFetching}
        onSearch={(by, value) => {
          if (lookup?.by === by && lookup.value === value) void found.refetch();
          else setLookup({ by, value });
        }}
      />
      <ProblemAlert error={found.error} />
      {found.isFetching && !found.data ? <Loading /> : null}
      {found.data && found.data.items.length === 0 ? (
        <Text role="status">{t('department.search.nothing')}</Text>
      ) : null}
      {found.data?.items.map((record) => (
        <RecordCard key={record.application.id} record={record} />
      ))}
    </Stack>
  );
}
