import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/applications.ts';
import type { Direction } from '@kezek/contracts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { Details } from '../shell/Details.tsx';

/**
 * The placement notice (docs/rules.md, "Choice and directions"): the turn has come, or the
 * stop-list holds the application.
 */
export function PlacementNotice({ application }: { application: Application }) {
  const { t } = useTranslation();
  if (application.status === 'turn' && application.turnUntil) {
    return (
      <Alert color="blue" variant="light" title={t('placement.turnNotice.title')}>
        {t('placement.turnNotice.text', { until: formatDateTime(application.turnUntil) })}
      </Alert>
    );
  }
  if (application.status === 'stop_listed' && application.stopListedUntil) {
    return (
      <Alert color="red" variant="light" title={t('placement.stopListNotice.title')}>
        {t('placement.stopListNotice.text', {
          until: formatDateTime(application.stopListedUntil),
        })}
      </Alert>
    );
  }
  return null;
}

/** The application's newest direction on the information tab, with the rules that bind it. */
export function DirectionSection({ application }: { application: Application }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const direction = application.direction;
  if (!direction) return null;
  const live = direction.status === 'issued';
  const toPrivate = direction.kindergarten.type === 'private';
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="info-direction">
      <Title order={2} size="h3" id="info-direction" mb="sm">
        {t('placement.direction.title')}
      </Title>
      <Stack gap="sm">
        <RefusalBanner status={direction.status} />
        <Details
          items={[
            { label: t('placement.direction.number'), value: direction.number },
            {
              label: t('placement.direction.kindergarten'),
              value: kindergartenName(direction.kindergarten.name, lng),
            },
            {
              label: t('placement.direction.language'),
              value: t(`language.${direction.language}`),
            },
            { label: t('placement.direction.groupYear'), value: direction.groupYear },
            {
              label: t('placement.direction.issuedAt'),
              value: formatDateTime(direction.issuedAt),
            },
            // The enrolment deadline only while it runs: not for a direction refused or ended.
            ...(live
              ? [
                  {
                    label: t('placement.direction.validUntil'),
                    value: formatDateTime(direction.extendedUntil ?? direction.expiresAt),
                  },
                ]
              : []),
            {
              label: t('placement.direction.status'),
              value: t(`placement.direction.statuses.${direction.status}`),
            },
            ...(direction.revocableUntil
              ? [
                  {
                    label: t('placement.direction.revocableUntil'),
                    value: formatDateTime(direction.revocableUntil),
                  },
                ]
              : []),
          ]}
        />
        {live && direction.expiry ? (
          <Text size="sm">
            {t('placement.direction.enrolRule', {
              days: direction.expiry.stopListWorkingDays,
              expiries: direction.expiry.removedAfterExpiries,
            })}
          </Text>
        ) : null}
        {live && direction.benefitDocMaxAgeDays !== null ? (
          <Text size="sm">
            {t('placement.direction.benefitRule', { days: direction.benefitDocMaxAgeDays })}
          </Text>
        ) : null}
        {toPrivate ? <Text size="sm">{t('placement.direction.privateRule')}</Text> : null}
      </Stack>
    </Paper>
  );
}

/** What a kindergarten's refusal means for the parent, and what comes next. */
function RefusalBanner({ status }: { status: Direction['status'] }) {
  const { t } = useTranslation();
  if (status === 'refusal_pending') {
    return (
      <Alert color="blue" variant="light" title={t('placement.direction.refusalPending.title')}>
        {t('placement.direction.refusalPending.text')}
      </Alert>
    );
  }
  if (status === 'refused') {
    return (
      <Alert color="red" variant="light" title={t('placement.direction.refused.title')}>
        {t('placement.direction.refused.text')}
      </Alert>
    );
  }
  return null;
}
