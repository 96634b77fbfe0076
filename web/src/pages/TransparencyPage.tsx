import { Card, Code, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LogEvent } from '@kezek/contracts';
import { useKindergartens, useRegions } from '../api/reference.ts';
import { useLogKey, useNewestEvents, useTreeHead } from '../api/transparency.ts';
import { formatDateTime, kindergartenName, localName, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';

/** A long hash, wrapped anywhere: it has no spaces to wrap at. */
function Hash({ children }: { children: string }) {
  return (
    <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {typeof children === 'string' ? <Text fw={600}>{children}</Text> : children}
    </Stack>
  );
}

/** Names of what the events refer to by id: districts, regions and kindergartens. */
interface Names {
  district(id: number): string;
  region(id: number): string;
  kindergarten(id: number): string;
}

/** An event in plain words (its pseudonym is shown beside it). */
function eventText(t: TFunction, event: LogEvent, names: Names): string {
  const queueClass = (value: string) => translate(t, `department.queueClass.${value}`);
  switch (event.type) {
    case 'policy_set':
      return t('transparency.events.policy_set', {
        region: names.region(event.regionId),
        allocation: t(`transparency.allocation.${event.allocation}`),
        first: event.firstPriorityRatio[0],
        general: event.firstPriorityRatio[1],
      });
    case 'registered':
      return t('transparency.events.registered', {
        district: names.district(event.districtId),
        groupYear: event.groupYear,
        queueClass: queueClass(event.queueClass),
      });
    case 'class_changed':
      return t('transparency.events.class_changed', { queueClass: queueClass(event.queueClass) });
    case 'preferences_set':
      return t('transparency.events.preferences_set', { count: event.kindergartenIds.length });
    case 'places_added':
      return t(`transparency.events.${event.returned ? 'places_returned' : 'places_added'}`, {
        kindergarten: names.kindergarten(event.kindergartenId),
        groupYear: event.groupYear,
        count: event.count,
      });
    case 'turn_given':
      return t('transparency.events.turn_given', { until: formatDateTime(event.until) });
    case 'transferred':
      return t('transparency.events.transferred', {
        kindergarten: names.kindergarten(event.kindergartenId),
      });
    case 'direction_issued':
      return t(`transparency.events.direction_issued_${event.mode}`, {
        kindergarten: names.kindergarten(event.kindergartenId),
      });
    default:
      return t(`transparency.events.${event.type}`);
  }
}

/**
 * The transparency log (docs/transparency.md): the newest signed tree head, the key it is
 * checked with, how anyone checks the log, and the newest events in plain words, by pseudonym.
 */
export function TransparencyPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const head = useTreeHead();
  const key = useLogKey();
  const events = useNewestEvents(head.data?.treeSize);
  const regions = useRegions();
  const kindergartens = useKindergartens();
  const districts = regions.data?.items.flatMap((r) => r.districts) ?? [];
  const names: Names = {
    district: (id) => {
      const found = districts.find((d) => d.id === id);
      return found ? localName(found.name, lng) : `#${id}`;
    },
    region: (id) => {
      const found = regions.data?.items.find((r) => r.id === id);
      return found ? localName(found.name, lng) : `#${id}`;
    },
    kindergarten: (id) => {
      const found = kindergartens.data?.items.find((k) => k.id === id);
      return found ? kindergartenName(found.name, lng) : `#${id}`;
    },
  };
  const command = `npm run verify -- --url ${window.location.origin}`;

  return (
    <Stack gap="lg">
      <PageTitle description={t('transparency.lead')}>{t('transparency.title')}</PageTitle>
      <ProblemAlert error={head.error ?? key.error ?? events.error} />
      <Card withBorder padding="md" component="section" aria-labelledby="log-head-title">
        <Title order={2} size="h3" id="log-head-title" mb="sm">
          {t('transparency.headTitle')}
        </Title>
        {head.isPending ? <Loading /> : null}
        {head.data === null ? <Text>{t('transparency.noHead')}</Text> : null}
        {head.data ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Fact label={t('transparency.treeSize')}>{String(head.data.treeSize)}</Fact>
            <Fact label={t('transparency.signedAt')}>
              {formatDateTime(head.data.timestamp, { seconds: true })}
            </Fact>
            <Fact label={t('transparency.rootHash')}>
              <Hash>{head.data.rootHash}</Hash>
            </Fact>
            <Fact label={t('transparency.logId')}>{head.data.logId}</Fact>
          </SimpleGrid>
        ) : null}
        {key.data ? (
          <Stack gap="md" mt="md">
            <Fact label={t('transparency.fingerprint')}>
              <Hash>{key.data.fingerprintSha256}</Hash>
            </Fact>
          </Stack>
        ) : null}
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="log-check-title">
        <Title order={2} size="h3" id="log-check-title" mb="sm">
          {t('transparency.checkTitle')}
        </Title>
        <Stack gap="sm">
          <Text>{t('transparency.check')}</Text>
          {/* Wrapped, not scrolled: a phone shows the whole command. */}
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {command}
          </Code>
          <Text size="sm">{t('transparency.checkKey')}</Text>
        </Stack>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="log-events-title">
        <Title order={2} size="h3" id="log-events-title" mb="sm">
          {t('transparency.eventsTitle')}
        </Title>
        {events.isFetching && !events.data ? <Loading /> : null}
        <List listStyleType="none" spacing="sm" p={0} m={0}>
          {(events.data ?? []).map(({ leafIndex, event }) => (
            <List.Item key={leafIndex}>
              <Text size="sm" c="dimmed" component="span">
                {`#${leafIndex} · ${formatDateTime(event.at)}`}
                {'pseudonym' in event ? ' · ' : ''}
              </Text>
              {'pseudonym' in event ? (
                <Text span ff="monospace" size="sm">
                  {event.pseudonym}
                </Text>
              ) : null}
              <Text>{eventText(t, event, names)}</Text>
            </List.Item>
          ))}
        </List>
      </Card>
    </Stack>
  );
}
