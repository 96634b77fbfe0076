import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBenefitCategories } from '../api/applications.ts';
import { isApiError } from '../api/errors.ts';
import {
  acceptDirection,
  childCardUrl,
  findDirection,
  refuseDirection,
  type DirectionLookup,
  type WorkspaceDirection,
} from '../api/workspace.ts';
import { benefitLabel } from '../shell/labels.ts';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { signAction } from '../eds/signer.ts';
import { LookupForm } from '../forms/LookupForm.tsx';
import { ReasonDialog } from '../forms/ReasonDialog.tsx';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { Details } from '../shell/Details.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { notifySuccess } from '../shell/notify.ts';
import {
  chosenKindergarten,
  KindergartenPicker,
  useMyKindergartens,
} from './KindergartenPicker.tsx';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

const DIRECTION_NUMBER = /^NP\.\d{4}\.\d{6}$/i;

function StatusBadge({ status }: { status: WorkspaceDirection['status'] }) {
  const { t } = useTranslation();
  const color =
    status === 'issued'
      ? 'blue.9'
      : status === 'enrolled'
        ? 'teal.9'
        : status === 'refusal_pending'
          ? 'orange.9'
          : 'gray.8';
  return (
    <Badge variant="outline" color={color} tt="none">
      {translate(t, `workspace.directionStatus.${status}`)}
    </Badge>
  );
}

/** The refusal of this direction and what became of it. */
function RefusalNote({ direction }: { direction: WorkspaceDirection }) {
  const { t } = useTranslation();
  const refusal = direction.refusal;
  if (!refusal) return null;
  const color =
    refusal.status === 'pending' ? 'orange' : refusal.status === 'rejected' ? 'blue' : 'gray';
  return (
    <Alert
      color={color}
      variant="light"
      title={translate(t, `workspace.refusal.${refusal.status}`)}
    >
      <Stack gap={4}>
        <Text size="sm">{t('workspace.refusal.reason', { reason: refusal.reason })}</Text>
        {refusal.comment ? (
          <Text size="sm">{t('workspace.refusal.comment', { comment: refusal.comment })}</Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

type Decision = { kind: 'accept'; benefitChecked: boolean } | { kind: 'refuse'; reason: string };

/** «БМҰ-ға қабылдау»: the confirmation, and for a benefit the check of its proof documents. */
function AcceptModal({
  direction,
  opened,
  onClose,
  onConfirm,
}: {
  direction: WorkspaceDirection;
  opened: boolean;
  onClose: () => void;
  onConfirm: (benefitChecked: boolean) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const benefit = direction.benefit.class !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (benefit && !checked) {
      setError(t('workspace.accept.checkRequired'));
      return;
    }
    onConfirm(checked);
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('workspace.accept.title')} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text>
            {t('workspace.accept.text', {
              child: direction.child.fullName,
              kindergarten: kindergartenName(direction.kindergarten.name, lng),
            })}
          </Text>
          {benefit ? (
            <Checkbox
              label={t('workspace.accept.benefitChecked', { days: direction.benefitDocMaxAgeDays })}
              checked={checked}
              error={error}
              onChange={(event) => {
                setChecked(event.currentTarget.checked);
                setError(null);
              }}
            />
          ) : null}
          <CancelAndSubmit onCancel={onClose}>{t('workspace.accept.confirm')}</CancelAndSubmit>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The child's card of the direction and the kindergarten's answer (docs/rules.md, "Kindergarten
 * workspace").
 */
function DirectionCard({
  direction,
  onChange,
}: {
  direction: WorkspaceDirection;
  onChange: (next: WorkspaceDirection) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const categories = useBenefitCategories();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'accept' | 'refuse' | null>(null);
  const act = useMutation({
    mutationFn: async (decision: Decision) => {
      const directionId = direction.id;
      if (decision.kind === 'accept') {
        const fields = direction.benefit.class
          ? { directionId, benefitDocumentsChecked: decision.benefitChecked }
          : { directionId };
        await acceptDirection(directionId, await signAction('direction.accept', fields));
      } else {
        await refuseDirection(
          directionId,
          await signAction('direction.refuse', { directionId, reason: decision.reason }),
        );
      }
      return findDirection({
        kindergartenId: direction.kindergarten.id,
        by: 'number',
        value: direction.number,
      });
    },
    onSuccess: (updated, decision) => {
      onChange(updated);
      if (decision.kind === 'refuse') {
        notifySuccess(t('workspace.refuse.done', { number: updated.number }));
        return;
      }
      notifySuccess(t('workspace.accept.done', { child: updated.child.fullName }));
      // The child is now in that kindergarten's enrolled list: it opens there.
      void navigate({
        to: '/staff/enrolments',
        search: { kindergartenId: updated.kindergarten.id },
      });
    },
  });
  const deadline =
    direction.status === 'refusal_pending'
      ? t('workspace.deadlinePaused', { date: formatDateTime(direction.deadline) })
      : formatDateTime(direction.deadline);
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="direction-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="direction-title">
            {t('workspace.directionTitle', { number: direction.number })}
          </Title>
          <StatusBadge status={direction.status} />
        </Group>
        <Details
          items={[
            { label: t('workspace.fields.childIin'), value: direction.child.iin },
            { label: t('workspace.fields.childName'), value: direction.child.fullName },
            { label: t('workspace.fields.applicant'), value: direction.applicant.fullName },
            {
              label: t('workspace.fields.kindergarten'),
              value: kindergartenName(direction.kindergarten.name, lng),
            },
            { label: t('workspace.fields.queueYear'), value: direction.groupYear },
            {
              label: t('workspace.fields.benefit'),
              value: benefitLabel(t, categories.data?.items, direction.benefit.categoryCode, lng),
            },
            { label: t('workspace.fields.applicationNumber'), value: direction.applicationNumber },
            { label: t('workspace.fields.deadline'), value: deadline },
          ]}
        />
        <RefusalNote direction={direction} />
        <ActionFailed error={act.error} />
        <Group gap="sm" role="group" aria-label={t('common.actions')}>
          <Button component="a" href={childCardUrl(direction.id)} download variant="outline">
            {t('workspace.childCard')}
          </Button>
          {direction.actions.includes('accept') ? (
            <Button
              onClick={() => setDialog('accept')}
              loading={act.isPending && act.variables?.kind === 'accept'}
            >
              {t('workspace.accept.button')}
            </Button>
          ) : null}
          {direction.actions.includes('refuse') ? (
            <Button
              color="red.9"
              variant="outline"
              onClick={() => setDialog('refuse')}
              loading={act.isPending && act.variables?.kind === 'refuse'}
            >
              {t('workspace.refuse.button')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      <AcceptModal
        key={`accept-${direction.id}`}
        direction={direction}
        opened={dialog === 'accept'}
        onClose={() => setDialog(null)}
        onConfirm={(benefitChecked) => {
          // The dialog closes first: the key-file dialog then has the screen to itself.
          setDialog(null);
          act.mutate({ kind: 'accept', benefitChecked });
        }}
      />
      {/* «Бас тарту» (docs/rules.md, "Kindergarten workspace"): the reason, then the signature. */}
      <ReasonDialog
        key={`refuse-${direction.id}-${dialog}`}
        opened={dialog === 'refuse'}
        title={t('workspace.refuse.title')}
        label={t('workspace.refuse.reason')}
        required
        missing={t('workspace.refuse.reasonRequired')}
        confirm={t('workspace.refuse.confirm')}
        danger
        onClose={() => setDialog(null)}
        onConfirm={(reason) => {
          setDialog(null);
          act.mutate({ kind: 'refuse', reason });
        }}
      >
        <Text>{t('workspace.refuse.text')}</Text>
      </ReasonDialog>
    </Paper>
  );
}

function Workspace() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = useSearch({ from: '/staff/workspace' });
  const queryClient = useQueryClient();
  const kindergartens = useMyKindergartens();
  const [lookup, setLookup] = useState<DirectionLookup | null>(null);
  const kindergarten = chosenKindergarten(kindergartens.items, search.kindergartenId);
  const found = useQuery({
    queryKey: ['workspace', 'direction', lookup],
    queryFn: () => findDirection(lookup!),
    enabled: lookup !== null,
    staleTime: 0,
  });
  if (kindergartens.pending) return <Loading />;
  if (!kindergarten) {
    return (
      <Stack>
        <PageTitle>{t('workspace.title')}</PageTitle>
        <ProblemAlert error={kindergartens.error} />
        <Text>{t('staffArea.empty')}</Text>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <PageTitle description={t('workspace.lead')}>{t('workspace.title')}</PageTitle>
      <KindergartenPicker
        items={kindergartens.items}
        value={kindergarten}
        onChange={(kindergartenId) => {
          setLookup(null);
          void navigate({ to: '/staff/workspace', search: { kindergartenId }, replace: true });
        }}
      />
      <LookupForm
        label={t('workspace.search.label')}
        numberKey={{
          option: t('workspace.search.byNumber'),
          label: t('workspace.search.number'),
          hint: t('workspace.search.numberHint'),
          pattern: DIRECTION_NUMBER,
          invalid: t('workspace.search.badNumber'),
        }}
        busy={found.isFetching}
        onSearch={(by, value) => {
          const same =
            lookup?.kindergartenId === kindergarten.id &&
            lookup.by === by &&
            lookup.value === value;
          // The same search again asks again: the direction may have changed meanwhile.
          if (same) void found.refetch();
          else setLookup({ kindergartenId: kindergarten.id, by, value });
        }}
      />
      {found.isError ? (
        isApiError(found.error, 'not_found') ? (
          <Alert color="yellow" variant="light" role="status" title={t('workspace.notFoundTitle')}>
            {t('workspace.notFound')}
          </Alert>
        ) : (
          <ProblemAlert error={found.error} />
        )
      ) : null}
      {found.data ? (
        <DirectionCard
          key={found.data.id}
          direction={found.data}
          onChange={(next) => queryClient.setQueryData(['workspace', 'direction', lookup], next)}
        />
      ) : null}
    </Stack>
  );
}

/**
 * «БМҰ қызметкерінің жұмыс кабинеті» (docs/rules.md, "Kindergarten workspace"): check a direction,
 * accept or refuse.
 */
export function WorkspacePage() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <Workspace />
    </RequireRole>
  );
}
