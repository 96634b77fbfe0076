import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  decideRefusal,
  departmentKeys,
  useRefusals,
  type Refusal,
  type RefusalStatus,
} from '../api/department.ts';
import { childCardUrl } from '../api/workspace.ts';
import { Pager, useCursorPaging } from '../admin/Pager.tsx';
import { isCancelled, signProblemMessage } from '../eds/errors.ts';
import { signAction } from '../eds/signer.ts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';
import { Msg, translate } from '../i18n/message.tsx';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { notifySuccess } from '../shell/notify.ts';

type Decision = { refusal: Refusal; confirm: boolean; comment: string };

/** Confirming keeps the child out; rejecting (with a comment) makes the kindergarten accept. */
function DecisionModal({
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
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const confirm = decision?.confirm ?? true;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirm && comment.trim().length < 3) {
      setError(t('department.refusals.commentRequired'));
      return;
    }
    onConfirm(comment.trim());
  };
  return (
    <Modal
      opened={decision !== null}
      onClose={onClose}
      title={t(confirm ? 'department.refusals.confirmTitle' : 'department.refusals.rejectTitle')}
      size="lg"
    >
      {decision ? (
        <form noValidate onSubmit={submit}>
          <Stack>
            <Text>
              {t(confirm ? 'department.refusals.confirmText' : 'department.refusals.rejectText', {
                child: decision.refusal.child.fullName,
                kindergarten: kindergartenName(decision.refusal.kindergarten.name, lng),
              })}
            </Text>
            <Text size="sm">
              {t('department.refusals.reasonLine', { reason: decision.refusal.reason })}
            </Text>
            <Textarea
              label={t('department.refusals.comment')}
              description={confirm ? t('department.refusals.commentOptional') : undefined}
              required={!confirm}
              maxLength={500}
              autosize
              minRows={2}
              value={comment}
              error={error}
              onChange={(event) => {
                setComment(event.currentTarget.value);
                setError(null);
              }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color={confirm ? 'red.9' : undefined}>
                {t(confirm ? 'department.refusals.confirm' : 'department.refusals.reject')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}

/** The refusals of the officer's districts (seed 004 §3): pending ones to decide, decided ones. */
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
  const error = decide.error && !isCancelled(decide.error) ? decide.error : null;
  const rows = refusals.data?.items ?? [];
  const pending = status === 'pending';
  const columns = pending ? 7 : 8;
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
      {error ? (
        <Alert color="red" variant="light" role="alert" title={t('department.refusals.failed')}>
          <Msg message={signProblemMessage(error)} />
        </Alert>
      ) : null}
      <ProblemAlert error={refusals.error} />
      <Table.ScrollContainer minWidth={1000}>
        <Table striped withTableBorder aria-busy={refusals.isFetching}>
          <TableHeading>{translate(t, `department.refusals.table.${status}`)}</TableHeading>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('department.refusals.columns.at')}</Table.Th>
              <Table.Th scope="col">{t('department.refusals.columns.child')}</Table.Th>
              <Table.Th scope="col">{t('department.refusals.columns.kindergarten')}</Table.Th>
              <Table.Th scope="col">{t('department.refusals.columns.direction')}</Table.Th>
              <Table.Th scope="col">{t('department.refusals.columns.reason')}</Table.Th>
              <Table.Th scope="col">{t('department.refusals.columns.signer')}</Table.Th>
              {pending ? null : (
                <Table.Th scope="col">{t('department.refusals.columns.decision')}</Table.Th>
              )}
              <Table.Th scope="col">{t('department.refusals.columns.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {refusals.isPending ? (
              <LoadingRow colSpan={columns} />
            ) : rows.length === 0 ? (
              <EmptyRow colSpan={columns}>{t('department.refusals.empty')}</EmptyRow>
            ) : (
              rows.map((refusal) => (
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
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Pager
        paging={paging}
        nextCursor={refusals.data?.nextCursor}
        busy={refusals.isFetching}
        label={t('department.refusals.paging')}
      />
      <DecisionModal
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
