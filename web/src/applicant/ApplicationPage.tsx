import type { TFunction } from 'i18next';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { ComponentProps, FormEvent } from 'react';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { benefitClaimSchema, type NearbyPreference } from '@kezek/contracts';
import { printedBenefitQueueNumber } from '@kezek/domain';
import {
  applicationKeys,
  changeBenefit,
  confirmInterest,
  documentUrl,
  useApplication,
  useApplicationDocuments,
  useApplicationHistory,
  useBenefitCategories,
  changePreferences,
  declineTurn,
  withdrawApplication,
} from '../api/applications.ts';
import type { Application, DocumentItem, HistoryItem } from '../api/applications.ts';
import { isCancelled } from '../eds/errors.ts';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { signAction } from '../eds/signer.ts';
import { formatPhone, phoneDigits } from '../forms/phone.ts';
import {
  formatDateTime,
  formatInstantDate,
  formatMonth,
  formatShortDate,
  kindergartenName,
  localName,
  useLanguage,
} from '../i18n/format.ts';
import { hasMessage, translate } from '../i18n/message.tsx';
import { EmptyRow, Loading, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { Details } from '../shell/Details.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { BenefitFields } from './BenefitFields.tsx';
import { TransferPanel } from './TransferPanel.tsx';
import { WaitEstimate } from './WaitEstimate.tsx';
import { RankedKindergartens } from './RankedKindergartens.tsx';
import { homeMissing, nearbyOf, nearbyValues } from './apply-fields.ts';
import { DirectionSection, PlacementNotice } from '../placement/DirectionSection.tsx';
import { FreeChoiceRequestNotice } from '../placement/FreeChoiceRequestNotice.tsx';
import { PlacementActions } from '../placement/PlacementActions.tsx';
import { placeDetails } from '../shell/history.ts';
import { benefitLabel, isWaiting, statusChange, statusLabel } from '../shell/labels.ts';
import { useUploads } from './uploads.ts';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

export type DetailTab = 'info' | 'history' | 'documents';
const TABS: readonly DetailTab[] = ['info', 'history', 'documents'];

export function detailTab(value: unknown): DetailTab | undefined {
  return TABS.find((tab) => tab === value);
}

function phoneText(phone: string | null): string | null {
  return phone ? formatPhone(phoneDigits(phone)) : null;
}

/**
 * The information tab (docs/rules.md, "The journal and the application"): the applicant, the
 * child, the application.
 */
function InfoTab({ application }: { application: Application }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const categories = useBenefitCategories();
  const none = t('applicant.notGiven');
  const { applicant, child } = application;
  const benefit = benefitLabel(t, categories.data?.items, application.benefit.categoryCode, lng);
  const lastChanged = formatDateTime(application.lastChangedAt, { seconds: true });
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="info-applicant">
        <Title order={2} size="h3" id="info-applicant" mb="sm">
          {t('application.sections.applicant')}
        </Title>
        <Details
          items={[
            { label: t('application.fields.fullName'), value: applicant.fullName },
            { label: t('fields.iin'), value: applicant.iin },
            {
              label: t('application.fields.birthDate'),
              value: applicant.birthDate ? formatShortDate(applicant.birthDate) : none,
            },
            { label: t('fields.phone'), value: phoneText(applicant.phone) ?? none },
            { label: t('fields.email'), value: applicant.email },
            { label: t('apply.extraPhone'), value: phoneText(applicant.extraPhone) ?? none },
            { label: t('apply.extraEmail'), value: applicant.extraEmail ?? none },
            { label: t('apply.address'), value: applicant.address ?? none },
          ]}
        />
      </Paper>
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="info-child">
        <Title order={2} size="h3" id="info-child" mb="sm">
          {t('application.sections.child')}
        </Title>
        <Details
          items={[
            { label: t('application.fields.fullName'), value: child.fullName },
            { label: t('fields.iin'), value: child.iin },
            { label: t('application.fields.birthDate'), value: formatShortDate(child.birthDate) },
            { label: t('application.fields.benefit'), value: benefit },
            { label: t('application.fields.queueNumber'), value: application.queueNumber ?? '—' },
            {
              label: t('application.fields.benefitQueueNumber'),
              value:
                printedBenefitQueueNumber(
                  application.benefit.class !== null,
                  application.benefitQueueNumber,
                ) ?? '—',
            },
            { label: t('application.fields.groupYear'), value: application.groupYear },
            {
              label: t('application.fields.pseudonym'),
              value: (
                <>
                  <Text span ff="monospace" mr="sm">
                    {application.pseudonym}
                  </Text>
                  <AnchorLink
                    to="/queue"
                    search={{
                      districtId: application.district.id,
                      groupYear: application.groupYear,
                    }}
                  >
                    {t('publicQueue.link')}
                  </AnchorLink>
                </>
              ),
            },
            ...(application.preferences.length > 0
              ? [
                  {
                    label: t('application.fields.preferences'),
                    value: application.preferences
                      .map(
                        ({ rank, kindergarten }) =>
                          `${rank}. ${kindergartenName(kindergarten.name, lng)}`,
                      )
                      .join('; '),
                  },
                ]
              : []),
            ...(application.nearby
              ? [
                  {
                    label: t('application.fields.nearby'),
                    value: t('application.nearbyValue', { km: application.nearby.radiusKm }),
                  },
                ]
              : []),
            ...(application.siblingsAttending.length > 0
              ? [
                  {
                    label: t('application.fields.siblingsAttending'),
                    value: application.siblingsAttending
                      .map(
                        (sibling) =>
                          `${sibling.fullName} — ${kindergartenName(sibling.kindergarten, lng)}`,
                      )
                      .join('; '),
                  },
                ]
              : []),
            {
              label: t('application.fields.wantedFrom'),
              value: application.wantedFrom
                ? formatMonth(application.wantedFrom, lng)
                : t('application.wantedFromAtOnce'),
            },
          ]}
        />
      </Paper>
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="info-application">
        <Title order={2} size="h3" id="info-application" mb="sm">
          {t('application.sections.application')}
        </Title>
        <Details
          items={[
            { label: t('application.fields.number'), value: application.number },
            {
              label: t('application.fields.registeredAt'),
              value: formatDateTime(application.registeredAt, { seconds: true }),
            },
            {
              label: t('application.fields.district'),
              value: localName(application.district.name, lng),
            },
            { label: t('application.fields.pepNumber'), value: application.pepNumber ?? none },
            { label: t('application.fields.conNumber'), value: application.conNumber ?? none },
            {
              label: t('application.fields.state'),
              value: t('application.decided', { status: statusLabel(t, application.status) }),
            },
            {
              label: t('application.fields.lastChanged'),
              value: isWaiting(application.status)
                ? `${lastChanged} ${t('application.inQueueSince', {
                    date: formatDateTime(application.registeredAt, { seconds: true }),
                  })}`
                : lastChanged,
            },
            {
              label: t('application.fields.interestUntil'),
              value: formatInstantDate(application.interestConfirmedUntil),
            },
          ]}
        />
      </Paper>
      <DirectionSection application={application} />
    </Stack>
  );
}

/** What a history row says beyond its event: the reason, the benefit, a deadline, the place. */
function historyDetails(
  t: TFunction,
  item: HistoryItem,
  benefitName: (code: string | null) => string,
): string {
  const details = item.details ?? {};
  const parts: string[] = [];
  if (typeof details.reason === 'string' && details.reason) {
    parts.push(t('application.history.reason', { reason: details.reason }));
  }
  if (item.event === 'application.interest_confirmed') {
    const until = details.interestConfirmedUntil;
    if (typeof until === 'string') {
      parts.push(t('application.history.until', { date: formatInstantDate(until) }));
    }
  }
  if (
    (item.event === 'application.registered' || item.event === 'application.benefit_changed') &&
    'benefit' in details
  ) {
    const code = typeof details.benefit === 'string' ? details.benefit : null;
    parts.push(t('application.history.benefit', { name: benefitName(code) }));
  }
  parts.push(...placeDetails(t, item.event, details));
  return parts.join('; ');
}

/** The history tab: every change, oldest first, in the interface language. */
function HistoryTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const history = useApplicationHistory(id);
  const categories = useBenefitCategories();
  const rows = history.data?.items ?? [];
  const eventLabel = (event: string) => {
    // `application.registered` → application.history.events.registered
    const key = `application.history.events.${event.replace(/^application\./, '')}`;
    return event.startsWith('application.') && hasMessage(key) ? translate(t, key) : event;
  };
  const actorLabel = (actor: string) => {
    const key = `application.history.actors.${actor}`;
    return hasMessage(key) ? translate(t, key) : actor;
  };
  return (
    <Stack>
      <ProblemAlert error={history.error} />
      {/* On a phone the table scrolls sideways and holds nothing to focus: the keyboard reaches
          the scrolling region itself. */}
      <Table.ScrollContainer
        minWidth={860}
        scrollAreaProps={{
          viewportProps: {
            tabIndex: 0,
            role: 'region',
            'aria-label': t('application.tabs.history'),
          },
        }}
      >
        <Table striped withTableBorder aria-busy={history.isFetching}>
          <TableHeading>{t('application.tabs.history')}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('application.history.at')}</Table.Th>
              <Table.Th scope="col">{t('application.history.event')}</Table.Th>
              <Table.Th scope="col">{t('application.history.status')}</Table.Th>
              <Table.Th scope="col">{t('application.history.actor')}</Table.Th>
              <Table.Th scope="col">{t('application.history.details')}</Table.Th>
              <Table.Th scope="col">{t('application.history.signature')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.isPending ? (
              <EmptyRow colSpan={6}>{t('common.loading')}</EmptyRow>
            ) : rows.length === 0 ? (
              <EmptyRow colSpan={6}>{t('application.history.empty')}</EmptyRow>
            ) : (
              rows.map((item, index) => (
                <Table.Tr key={`${item.at}-${index}`}>
                  <Table.Td>{formatDateTime(item.at, { seconds: true })}</Table.Td>
                  <Table.Td>{eventLabel(item.event)}</Table.Td>
                  <Table.Td>{statusChange(t, item.fromStatus, item.toStatus)}</Table.Td>
                  <Table.Td>{actorLabel(item.actor)}</Table.Td>
                  <Table.Td>
                    {historyDetails(t, item, (code) =>
                      benefitLabel(t, categories.data?.items, code, lng),
                    ) || '—'}
                  </Table.Td>
                  <Table.Td>
                    {item.signed ? (
                      <Badge variant="outline" color="teal.9" tt="none">
                        {t('application.history.signed')}
                      </Badge>
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
  );
}

function DocumentsTable({
  title,
  rows,
  empty,
  busy,
}: {
  title: string;
  rows: DocumentItem[];
  empty: string;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const titleOf = (item: DocumentItem) => {
    const key = `application.documents.kinds.${item.kind}`;
    return item.kind !== 'attachment' && hasMessage(key) ? translate(t, key) : item.title;
  };
  const download = (item: DocumentItem) => ({
    href: documentUrl(item.id),
    download: true,
    type: item.contentType,
    'aria-label': t('application.documents.downloadLabel', { title: titleOf(item) }),
  });
  return (
    <>
      {/* On a phone: each document a full-width row with its download. */}
      <Stack component="section" gap="xs" hiddenFrom="sm" aria-label={title}>
        <Title order={3} size="h5">
          {title}
        </Title>
        {rows.length === 0 ? <Text size="sm">{empty}</Text> : null}
        {rows.map((item) => (
          <Paper key={item.id} withBorder radius="md" p="sm">
            <Text fw={600}>{titleOf(item)}</Text>
            <Text size="sm" mb="xs">
              {formatDateTime(item.createdAt)}
            </Text>
            <Button component="a" variant="light" fullWidth {...download(item)}>
              {t('application.documents.download')}
            </Button>
          </Paper>
        ))}
      </Stack>
      <DocumentsTableWide
        title={title}
        rows={rows}
        empty={empty}
        busy={busy}
        titleOf={titleOf}
        download={download}
      />
    </>
  );
}

function DocumentsTableWide({
  title,
  rows,
  empty,
  busy,
  titleOf,
  download,
}: {
  title: string;
  rows: DocumentItem[];
  empty: string;
  busy: boolean;
  titleOf: (item: DocumentItem) => string;
  download: (item: DocumentItem) => ComponentProps<'a'>;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640} visibleFrom="sm">
      <Table striped withTableBorder aria-busy={busy}>
        <TableHeading>{title}</TableHeading>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('application.documents.name')}</Table.Th>
            <Table.Th scope="col">{t('application.documents.createdAt')}</Table.Th>
            <Table.Th scope="col">{t('application.documents.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 ? (
            <EmptyRow colSpan={3}>{empty}</EmptyRow>
          ) : (
            rows.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{titleOf(item)}</Table.Td>
                <Table.Td>{formatDateTime(item.createdAt)}</Table.Td>
                <Table.Td>
                  <Anchor {...download(item)}>{t('application.documents.download')}</Anchor>
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The documents tab (docs/rules.md, "The journal and the application"): the applicant's uploads
 * and the issued PDFs.
 */
function DocumentsTab({ id }: { id: string }) {
  const { t } = useTranslation();
  const documents = useApplicationDocuments(id);
  const items = documents.data?.items ?? [];
  if (documents.isPending) return <Loading />;
  return (
    <Stack gap="lg">
      <ProblemAlert error={documents.error} />
      <DocumentsTable
        title={t('application.documents.attachments')}
        rows={items.filter((item) => item.kind === 'attachment')}
        empty={t('application.documents.noAttachments')}
        busy={documents.isFetching}
      />
      <DocumentsTable
        title={t('application.documents.generated')}
        rows={items.filter((item) => item.kind !== 'attachment')}
        empty={t('application.documents.noDocuments')}
        busy={documents.isFetching}
      />
    </Stack>
  );
}

/** Leaving the queue: a warning, an optional reason, then the signature. */
function WithdrawModal({
  application,
  opened,
  onClose,
  onConfirm,
}: {
  application: Application;
  opened: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(reason.trim());
    setReason('');
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('application.withdrawTitle')} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text>{t('application.withdrawText', { child: application.child.fullName })}</Text>
          <Textarea
            label={t('application.reason')}
            description={t('application.reasonHint')}
            maxLength={500}
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <CancelAndSubmit onCancel={onClose} color="red.9">
            {t('application.withdrawConfirm')}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Confirming interest (docs/rules.md, "Confirming interest"): the child and the queue number, then
 * confirm.
 */
function ConfirmInterestModal({
  application,
  opened,
  onClose,
  onConfirm,
}: {
  application: Application;
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('application.confirmInterestTitle')}>
      <Stack>
        <Text>{t('application.confirmInterestText')}</Text>
        <Details
          items={[
            { label: t('application.fields.fullName'), value: application.child.fullName },
            { label: t('application.fields.queueNumber'), value: application.queueNumber ?? '—' },
          ]}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={onConfirm}>{t('application.confirm')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Changing the benefit in place (signed `application.changeBenefit`); unticked removes it. */
function ChangeBenefitPanel({
  application,
  pending,
  onCancel,
  onSubmit,
}: {
  application: Application;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (
    benefit: { categoryCode: string; attachments: { id: string; sha256: string }[] } | null,
  ) => void;
}) {
  const { t } = useTranslation();
  const uploads = useUploads();
  const [beneficiary, setBeneficiary] = useState(application.benefit.categoryCode !== null);
  const [categoryCode, setCategoryCode] = useState(application.benefit.categoryCode ?? '');
  const [errors, setErrors] = useState<{ category?: string; attachments?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!beneficiary) {
      onSubmit(null);
      return;
    }
    const found: typeof errors = {};
    if (!categoryCode) found.category = t('validation.required');
    if (uploads.refs.length === 0) found.attachments = t('apply.attachmentsRequired');
    if (uploads.pending) found.attachments = t('apply.uploadsPending');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    onSubmit(benefitClaimSchema.parse({ categoryCode, attachments: uploads.refs }));
  };

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="change-benefit">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3" id="change-benefit">
            {t('application.actions.changeBenefit')}
          </Title>
          <Text size="sm">{t('application.changeBenefitLead')}</Text>
          <Checkbox
            label={t('apply.beneficiary')}
            checked={beneficiary}
            onChange={(event) => setBeneficiary(event.currentTarget.checked)}
          />
          {beneficiary ? (
            <BenefitFields
              categoryCode={categoryCode}
              onCategoryChange={(code) => {
                setCategoryCode(code);
                setErrors((current) => ({ ...current, category: undefined }));
              }}
              categoryError={errors.category}
              uploads={uploads}
              attachmentsError={errors.attachments}
            />
          ) : null}
          <CancelAndSubmit onCancel={onCancel} pending={pending}>
            {t('apply.submit')}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Paper>
  );
}

/** A ranking as `application.preferences` signs it. */
type Ranking = { preferences: number[]; nearby: NearbyPreference | undefined };

/** The ranking changed in place (docs/rules.md, "Ranked preferences"), signed on sending. */
function ChangePreferencesPanel({
  application,
  pending,
  onCancel,
  onSubmit,
}: {
  application: Application;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (ranking: Ranking) => void;
}) {
  const { t } = useTranslation();
  const [ranks, setRanks] = useState(
    application.preferences.map(({ kindergarten }) => String(kindergarten.id)),
  );
  const [nearby, setNearby] = useState(nearbyValues(application.nearby));
  const [error, setError] = useState<string | undefined>();
  const [homeError, setHomeError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const preferences = ranks.filter((rank) => rank !== '').map(Number);
    const noRanking = preferences.length === 0 && nearby.radiusKm === '';
    setError(noRanking ? t('validation.required') : undefined);
    setHomeError(homeMissing(nearby) ? t('validation.required') : undefined);
    if (noRanking || homeMissing(nearby)) return;
    onSubmit({ preferences, nearby: nearbyOf(nearby) });
  };
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="change-preferences">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3" id="change-preferences">
            {t('application.actions.changePreferences')}
          </Title>
          <RankedKindergartens
            districtId={application.district.id}
            value={ranks}
            onChange={(next) => {
              setRanks(next);
              setError(undefined);
            }}
            firstError={error}
            nearby={{
              value: nearby,
              onChange: (next) => {
                setNearby(next);
                setError(undefined);
                setHomeError(undefined);
              },
              homeError,
            }}
          />
          <CancelAndSubmit onCancel={onCancel} pending={pending}>
            {t('application.preferencesSave')}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Paper>
  );
}

/** The application's own actions; the placement ones are PlacementActions'. */
const APPLICANT_ACTIONS: readonly string[] = [
  'confirmInterest',
  'changeBenefit',
  'changePreferences',
  'declineTurn',
  'withdraw',
];

type ActionRequest =
  | { kind: 'confirmInterest' }
  | { kind: 'declineTurn' }
  | ({ kind: 'changePreferences' } & Ranking)
  | { kind: 'withdraw'; reason: string }
  | {
      kind: 'changeBenefit';
      benefit: { categoryCode: string; attachments: { id: string; sha256: string }[] } | null;
    };

/** The buttons the server allows now (`actions[]`), their dialogs and their outcome. */
function Actions({ application }: { application: Application }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<
    'confirmInterest' | 'withdraw' | 'changeBenefit' | 'changePreferences' | null
  >(null);
  const act = useMutation({
    mutationFn: async (request: ActionRequest) => {
      const id = application.id;
      if (request.kind === 'confirmInterest') return confirmInterest(id);
      if (request.kind === 'changePreferences')
        return changePreferences(
          id,
          await signAction('application.preferences', {
            applicationId: id,
            preferences: request.preferences,
            nearby: request.nearby,
          }),
        );
      if (request.kind === 'declineTurn')
        return declineTurn(id, await signAction('turn.decline', { applicationId: id }));
      if (request.kind === 'withdraw') {
        const fields = request.reason
          ? { applicationId: id, reason: request.reason }
          : { applicationId: id };
        return withdrawApplication(id, await signAction('application.withdraw', fields));
      }
      return changeBenefit(
        id,
        await signAction('application.changeBenefit', {
          applicationId: id,
          benefit: request.benefit,
        }),
      );
    },
    onSuccess: (updated, request) => {
      queryClient.setQueryData(applicationKeys.one(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: applicationKeys.history(updated.id) });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.documents(updated.id) });
      void queryClient.invalidateQueries({ queryKey: applicationKeys.journal });
      setDialog(null);
      if (request.kind === 'confirmInterest') {
        notifySuccess(
          t('application.interestConfirmed', {
            date: formatInstantDate(updated.interestConfirmedUntil),
          }),
        );
      } else if (request.kind === 'changePreferences') {
        notifySuccess(t('application.preferencesChanged'));
      } else if (request.kind === 'declineTurn') {
        notifySuccess(t('application.turnDeclined'));
      } else if (request.kind === 'withdraw') {
        notifySuccess(t('application.withdrawn', { number: updated.number }));
      } else {
        notifySuccess(t('application.benefitChanged'));
      }
    },
  });
  const error = act.error && !isCancelled(act.error) ? act.error : null;
  const shown = application.actions.filter((action) => APPLICANT_ACTIONS.includes(action));
  const allowed = (action: Application['actions'][number]) => shown.includes(action);
  if (shown.length === 0 && !error) return null;

  return (
    <Stack gap="sm">
      <ActionFailed error={error} />
      {shown.length > 0 ? (
        <Group gap="sm" role="group" aria-label={t('common.actions')}>
          {allowed('confirmInterest') ? (
            <Button
              onClick={() => setDialog('confirmInterest')}
              loading={act.isPending && act.variables?.kind === 'confirmInterest'}
            >
              {t('application.actions.confirmInterest')}
            </Button>
          ) : null}
          {allowed('changeBenefit') ? (
            <Button
              variant="outline"
              onClick={() => setDialog('changeBenefit')}
              aria-expanded={dialog === 'changeBenefit'}
            >
              {t('application.actions.changeBenefit')}
            </Button>
          ) : null}
          {allowed('changePreferences') ? (
            <Button
              variant="outline"
              onClick={() => setDialog('changePreferences')}
              aria-expanded={dialog === 'changePreferences'}
            >
              {t('application.actions.changePreferences')}
            </Button>
          ) : null}
          {allowed('declineTurn') ? (
            <Button
              variant="outline"
              loading={act.isPending && act.variables?.kind === 'declineTurn'}
              onClick={() =>
                modals.openConfirmModal({
                  title: t('application.declineTurnTitle'),
                  children: <Text>{t('application.declineTurnText')}</Text>,
                  labels: {
                    confirm: t('application.declineTurnConfirm'),
                    cancel: t('common.cancel'),
                  },
                  onConfirm: () => act.mutate({ kind: 'declineTurn' }),
                })
              }
            >
              {t('application.actions.declineTurn')}
            </Button>
          ) : null}
          {allowed('withdraw') ? (
            <Button
              variant="outline"
              color="red.9"
              onClick={() => setDialog('withdraw')}
              loading={act.isPending && act.variables?.kind === 'withdraw'}
            >
              {t('application.actions.withdraw')}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {dialog === 'changeBenefit' && allowed('changeBenefit') ? (
        <ChangeBenefitPanel
          application={application}
          pending={act.isPending}
          onCancel={() => setDialog(null)}
          onSubmit={(benefit) => act.mutate({ kind: 'changeBenefit', benefit })}
        />
      ) : null}
      {dialog === 'changePreferences' && allowed('changePreferences') ? (
        <ChangePreferencesPanel
          application={application}
          pending={act.isPending}
          onCancel={() => setDialog(null)}
          onSubmit={(ranking) => act.mutate({ kind: 'changePreferences', ...ranking })}
        />
      ) : null}
      <ConfirmInterestModal
        application={application}
        opened={dialog === 'confirmInterest'}
        onClose={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          act.mutate({ kind: 'confirmInterest' });
        }}
      />
      <WithdrawModal
        application={application}
        opened={dialog === 'withdraw'}
        onClose={() => setDialog(null)}
        onConfirm={(reason) => {
          // The modal closes first: the key-file dialog then has the screen to itself.
          setDialog(null);
          act.mutate({ kind: 'withdraw', reason });
        }}
      />
    </Stack>
  );
}

/**
 * The window after a registration (seed 001, step 13, fig. 9): the notice that the application is
 * registered, with its number and queue number, the link to download the registration notice, and
 * «ОК» to close it.
 */
function RegisteredWindow({
  application,
  opened,
  onClose,
}: {
  application: Application;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const documents = useApplicationDocuments(application.id);
  const notice = documents.data?.items.find((item) => item.kind === 'registration_notice');
  return (
    <Modal opened={opened} onClose={onClose} title={t('application.registeredWindow.title')}>
      <Stack>
        <Text>
          {t('apply.registered', {
            number: application.number,
            queue: application.queueNumber ?? '—',
          })}
        </Text>
        {notice ? (
          <Anchor href={documentUrl(notice.id)} download type={notice.contentType}>
            {t('application.registeredWindow.download')}
          </Anchor>
        ) : null}
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('application.registeredWindow.ok')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ApplicationScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const { id } = useParams({ from: '/applicant/applications/$id' });
  const { tab, registered } = useSearch({ from: '/applicant/applications/$id' });
  const navigate = useNavigate();
  const application = useApplication(id);
  const categories = useBenefitCategories();
  const active = tab ?? 'info';

  if (application.isPending) return <Loading />;
  if (application.isError || !application.data) {
    return (
      <Stack>
        <ProblemAlert error={application.error} />
        <AnchorLink to="/applicant">{t('application.backToJournal')}</AnchorLink>
      </Stack>
    );
  }
  const data = application.data;
  return (
    <Stack gap="lg">
      <AnchorLink to="/applicant">{t('application.backToJournal')}</AnchorLink>
      <PageTitle
        description={[
          data.child.fullName,
          statusLabel(t, data.status),
          benefitLabel(t, categories.data?.items, data.benefit.categoryCode, lng),
          formatShortDate(data.child.birthDate),
        ].join(' · ')}
      >
        {t('application.title', { number: data.number })}
      </PageTitle>
      <RegisteredWindow
        application={data}
        opened={registered === true}
        onClose={() =>
          void navigate({
            to: '/applicant/applications/$id',
            params: { id },
            search: tab ? { tab } : {},
            replace: true,
          })
        }
      />
      <PlacementNotice application={data} />
      <FreeChoiceRequestNotice applicationId={id} />
      <TransferPanel application={data} />
      <WaitEstimate application={data} />
      <Actions application={data} />
      <PlacementActions application={data} />
      <Tabs
        value={active}
        onChange={(value) => {
          const next = detailTab(value);
          void navigate({
            to: '/applicant/applications/$id',
            params: { id },
            search: next && next !== 'info' ? { tab: next } : {},
            replace: true,
          });
        }}
      >
        <Tabs.List aria-label={t('application.tabsLabel')}>
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`application.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info" pt="lg">
          <InfoTab application={data} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="lg">
          {active === 'history' ? <HistoryTab id={id} /> : null}
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="lg">
          {active === 'documents' ? <DocumentsTab id={id} /> : null}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/**
 * One application (docs/rules.md, "The journal and the application"): three tabs and the actions
 * the server allows.
 */
export function ApplicationPage() {
  return (
    <RequireRole roles={['applicant']}>
      <ApplicationScreen />
    </RequireRole>
  );
}
