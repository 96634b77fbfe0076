import { Anchor, Button, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  decideRefusal,
  departmentKeys,
  useRefusals,
  type Refusal,
  type RefusalStatus,
} from '../api/department.ts';
import { childCardUrl } from '../api/workspace.ts';
import { PagedTable, useCursorPaging } from '../shell/Pager.tsx';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { signAction } from '../eds/signer.ts';
import { ReasonDialog } from '../forms/ReasonDialog.tsx';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { translate } from '../i18n/message.tsx';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';
import { notifySuccess } from '../shell/notify.ts';

type Decision = { refusal: Refusal; confirm: boolean; comment: string };

/** Confirming keeps the child out; rejecting (with a comment) makes the kindergarten accept. */
function DecisionDialog({
  decision,
  onClose,
  onConfirm,
}: {
  decision: { refusal: Refusal; confirm: boolean } | null;
  onClose: () => void;
  onConfirm: (comment: string) => void;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const confirm = decision?.confirm ?? true;
  return (
    <ReasonDialog
      opened={decision !== null}
      title={t(confirm ? 'department.refusals.confirmTitle' : 'department.refusals.rejectTitle')}
      label={t('department.refusals.comment')}
      description={confirm ? t('department.refusals.commentOptional') : undefined}
      required={!confirm}
      missing={t('department.refusals.commentRequired')}
      confirm={t(confirm ? 'department.refusals.confirm' : 'department.refusals.reject')}
      danger={confirm}
      onClose={onClose}
      onConfirm={onConfirm}
    >
      {decision ? (
        <>
          <Text>
            {t(confirm ? 'department.refusals.confirmText' : 'department.refusals.rejectText', {
              child: decision.refusal.child.fullName,
              kindergarten: kindergartenName(decision.refusal.kindergarten.name, lng),
            })}
          </Text>
          <Text size="sm">
            {t('department.refusals.reasonLine', { reason: decision.refusal.reason })}
          </Text>
        </>
      ) : null}
    </ReasonDialog>
  );
}

/**
 * The refusals of the officer's districts (docs/rules.md, "Refusals reviewed by the department"):
 * pending ones to decide, decided ones.
 */
export function RefusalsPage() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const paging = useCursorPaging();
  const [status, setStatus] = useState<RefusalStatus>('pending');
  const [asking, setAsking] = useState<{ refusal: Refusal; confirm: boolean } | null>(null);
  const refusals = useRefusals(status, paging.cursor);
  const decide = useMutation({
    mutationFn: async ({ refusal, confirm, comment }: Decision) =>
      decideRefusal(
        refusal.id,
        await signAction('refusal.decide', {
          refusalId: refusal.id,
          confirm,
          ...(comment && { comment }),
        }),
      ),
    onSuccess: (refusal) => {
      void queryClient.invalidateQueries({ queryKey: departmentKeys.all });
      notifySuccess(
        t(
          refusal.status === 'confirmed'
            ? 'department.refusals.confirmed'
            : 'department.refusals.rejected',
          { child: refusal.child.fullName },
        ),
      );
    },
  });
  const pending = status === 'pending';
  return (
    <Stack gap="lg">
      <PageTitle description={t('department.refusals.lead')}>
        {t('department.refusals.title')}
      </PageTitle>
      <NativeSelect
        label={t('department.refusals.statusLabel')}
        value={status}
        onChange={(event) => {
          setStatus(event.currentTarget.value as RefusalStatus);
          paging.reset();
        }}
        data={(['pending', 'confirmed', 'rejected'] as const).map((value) => ({
          value,
          label: translate(t, `department.refusals.status.${value}`),
        }))}
        maw={320}
      />
      <ActionFailed error={decide.error} />
      <ProblemAlert error={refusals.error} />
      <PagedTable
        title={translate(t, `department.refusals.table.${status}`)}
        columns={[
          t('department.refusals.columns.at'),
          t('department.refusals.columns.child'),
          t('department.refusals.columns.kindergarten'),
          t('department.refusals.columns.direction'),
          t('department.refusals.columns.reason'),
          t('department.refusals.columns.signer'),
          ...(pending ? [] : [t('department.refusals.columns.decision')]),
          t('department.refusals.columns.actions'),
        ]}
        minWidth={1000}
        rows={refusals.data?.items ?? []}
        pending={refusals.isPending}
        busy={refusals.isFetching}
        empty={t('department.refusals.empty')}
        paging={paging}
        nextCursor={refusals.data?.nextCursor}
        pagesLabel={t('department.refusals.paging')}
      >
        {(refusal) => (
          <Table.Tr key={refusal.id}>
            <Table.Td>{formatDateTime(refusal.createdAt)}</Table.Td>
            <Table.Td>
              <Text size="sm">{refusal.child.fullName}</Text>
              <Text size="sm" c="dimmed">
                {t('department.iinValue', { iin: refusal.child.iin })}
              </Text>
            </Table.Td>
            <Table.Td>{kindergartenName(refusal.kindergarten.name, lng)}</Table.Td>
            <Table.Td>
              <Text size="sm">{refusal.directionNumber}</Text>
              <Anchor size="sm" href={childCardUrl(refusal.directionId)} download>
                {t('department.refusals.childCard')}
              </Anchor>
            </Table.Td>
            <Table.Td>{refusal.reason}</Table.Td>
            <Table.Td>
              <Text size="sm">{refusal.signer.fullName}</Text>
              <Text size="sm" c="dimmed">
                {t('department.iinValue', { iin: refusal.signer.iin })}
              </Text>
            </Table.Td>
            {pending ? null : (
              <Table.Td>
                <Text size="sm">{formatDateTime(refusal.decidedAt ?? '')}</Text>
                {refusal.comment ? <Text size="sm">{refusal.comment}</Text> : null}
              </Table.Td>
            )}
            <Table.Td>
              {pending ? (
                <Stack gap="xs" align="flex-start">
                  <Button
                    size="compact-sm"
                    color="red.9"
                    aria-label={t('department.refusals.confirmLabel', {
                      child: refusal.child.fullName,
                    })}
                    loading={decide.isPending && decide.variables?.refusal.id === refusal.id}
                    onClick={() => setAsking({ refusal, confirm: true })}
                  >
                    {t('department.refusals.confirmShort')}
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="outline"
                    aria-label={t('department.refusals.rejectLabel', {
                      child: refusal.child.fullName,
                    })}
                    onClick={() => setAsking({ refusal, confirm: false })}
                  >
                    {t('department.refusals.rejectShort')}
                  </Button>
                </Stack>
              ) : (
                translate(t, `department.refusals.status.${refusal.status}`)
              )}
            </Table.Td>
          </Table.Tr>
        )}
      </PagedTable>
      <DecisionDialog
        key={asking ? `${asking.refusal.id}-${asking.confirm}` : 'none'}
        decision={asking}
        onClose={() => setAsking(null)}
        onConfirm={(comment) => {
          const { refusal, confirm } = asking!;
          setAsking(null);
          decide.mutate({ refusal, confirm, comment });
        }}
      />
    </Stack>
  );
}
