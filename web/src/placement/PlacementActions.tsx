import { Button, Group, NumberInput, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { revokeDirectionFieldsSchema } from '@kezek/contracts';
import { CHOOSE_ACTIONS, type KindergartenType } from '@kezek/domain';
import { applicationKeys, type Application } from '../api/applications.ts';
import { extendDirection, revokeDirection, type Direction } from '../api/directions.ts';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { isCancelled } from '../eds/errors.ts';
import { signAction } from '../eds/signer.ts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { ButtonLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

const validUntil = (direction: Direction) => direction.extendedUntil ?? direction.expiresAt;

/**
 * Extension (docs/rules.md, "Choice and directions"): once, by up to the policy's days; the days
 * are signed.
 */
function ExtendModal({
  direction,
  onClose,
  onConfirm,
}: {
  direction: Direction;
  onClose: () => void;
  onConfirm: (days: number) => void;
}) {
  const { t } = useTranslation();
  const max = direction.extensionMaxDays ?? 0;
  const [days, setDays] = useState<number | string>(max);
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= max;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onConfirm(days);
  };
  return (
    <Modal opened onClose={onClose} title={t('placement.extend.title')}>
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text>
            {t('placement.extend.text', { max, until: formatDateTime(validUntil(direction)) })}
          </Text>
          <NumberInput
            label={t('placement.extend.days')}
            description={t('placement.extend.daysHint', { max })}
            min={1}
            max={max}
            allowDecimal={false}
            value={days}
            onChange={setDays}
            error={valid ? undefined : t('placement.extend.daysHint', { max })}
            required
          />
          <CancelAndSubmit onCancel={onClose} disabled={!valid}>
            {t('placement.extend.submit')}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Revoking (docs/rules.md, "Choice and directions"): the active direction, a required reason, then
 * the signature.
 */
function RevokeModal({
  direction,
  onClose,
  onConfirm,
}: {
  direction: Direction;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const parsed = revokeDirectionFieldsSchema.shape.reason.safeParse(reason);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (parsed.success) onConfirm(parsed.data);
  };
  return (
    <Modal opened onClose={onClose} title={t('placement.revoke.title')} size="lg">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Text>
            {t('placement.revoke.text', { until: formatDateTime(direction.revocableUntil ?? '') })}
          </Text>
          <Table withTableBorder>
            <Table.Caption>{t('placement.revoke.active')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('placement.direction.kindergarten')}</Table.Th>
                <Table.Th scope="col">{t('placement.direction.issuedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{kindergartenName(direction.kindergarten.name, lng)}</Table.Td>
                <Table.Td>{formatDateTime(direction.issuedAt)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Textarea
            label={t('placement.revoke.reason')}
            description={t('placement.revoke.reasonHint')}
            required
            maxLength={500}
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={touched && !parsed.success ? t('placement.revoke.reasonHint') : undefined}
          />
          <CancelAndSubmit onCancel={onClose} color="red.9">
            {t('placement.revoke.submit')}
          </CancelAndSubmit>
        </Stack>
      </form>
    </Modal>
  );
}

type Request = { kind: 'extend'; days: number } | { kind: 'revoke'; reason: string };

/**
 * The placement buttons (docs/rules.md, "Choice and directions"), each only when the server lists
 * it: choose a kindergarten of a type (its own page), extend and revoke the direction (dialogs
 * here).
 */
export function PlacementActions({ application }: { application: Application }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Request['kind'] | null>(null);
  const direction = application.direction;
  const act = useMutation({
    mutationFn: async (request: Request) => {
      const directionId = direction!.id;
      if (request.kind === 'extend') {
        return extendDirection(
          directionId,
          await signAction('direction.extend', { directionId, days: request.days }),
        );
      }
      return revokeDirection(
        directionId,
        await signAction('direction.revoke', { directionId, reason: request.reason }),
      );
    },
    onSuccess: (updated, request) => {
      void queryClient.invalidateQueries({ queryKey: applicationKeys.all });
      notifySuccess(
        request.kind === 'extend'
          ? t('placement.extend.done', { date: formatDateTime(validUntil(updated)) })
          : t('placement.revoke.done'),
      );
    },
  });
  const types = (Object.keys(CHOOSE_ACTIONS) as KindergartenType[]).filter((type) =>
    application.actions.includes(CHOOSE_ACTIONS[type]),
  );
  const canExtend = application.actions.includes('extendDirection') && direction;
  const canRevoke = application.actions.includes('revokeDirection') && direction;
  const error = act.error && !isCancelled(act.error) ? act.error : null;
  if (types.length === 0 && !canExtend && !canRevoke && !error) return null;

  const start = (request: Request) => {
    // The dialog closes first: the key-file dialog then has the screen to itself.
    setDialog(null);
    act.mutate(request);
  };
  return (
    <Stack gap="sm">
      <ActionFailed error={error} />
      <Group gap="sm" role="group" aria-label={t('placement.direction.title')}>
        {types.map((type) => (
          <ButtonLink
            key={type}
            to="/applicant/applications/$id/choose/$type"
            params={{ id: application.id, type }}
          >
            {t(`placement.actions.${CHOOSE_ACTIONS[type]}`)}
          </ButtonLink>
        ))}
        {canExtend ? (
          <Button
            variant="outline"
            onClick={() => setDialog('extend')}
            loading={act.isPending && act.variables?.kind === 'extend'}
          >
            {t('placement.actions.extendDirection')}
          </Button>
        ) : null}
        {canRevoke ? (
          <Button
            variant="outline"
            color="red.9"
            onClick={() => setDialog('revoke')}
            loading={act.isPending && act.variables?.kind === 'revoke'}
          >
            {t('placement.actions.revokeDirection')}
          </Button>
        ) : null}
      </Group>
      {dialog === 'extend' && direction ? (
        <ExtendModal
          direction={direction}
          onClose={() => setDialog(null)}
          onConfirm={(days) => start({ kind: 'extend', days })}
        />
      ) : null}
      {dialog === 'revoke' && direction ? (
        <RevokeModal
          direction={direction}
          onClose={() => setDialog(null)}
          onConfirm={(reason) => start({ kind: 'revoke', reason })}
        />
      ) : null}
    </Stack>
  );
}
