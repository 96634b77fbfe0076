import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../api/applications.ts';
import {
  requestTransfer,
  transferKeys,
  useTransferRequest,
  withdrawTransfer,
} from '../api/transfers.ts';
import { signAction } from '../eds/signer.ts';
import { formatDateTime, useLanguage } from '../i18n/format.ts';
import { ProblemAlert } from '../shell/common.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { RankedKindergartens } from './RankedKindergartens.tsx';

/**
 * The transfer of an enrolled child (docs/rules.md, "Transfers"): the request's form (up to five
 * kindergartens of the district, best first, confirmed and signed), the open request with its
 * withdrawal, and the granted transfer.
 */
export function TransferPanel({ application }: { application: Application }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const query = useTransferRequest(application.id);
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [ranks, setRanks] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  const id = application.id;
  const act = useMutation({
    mutationFn: async (kind: 'request' | 'withdraw') =>
      kind === 'request'
        ? requestTransfer(
            id,
            await signAction('transfer.request', {
              applicationId: id,
              kindergartenIds: ranks.filter((rank) => rank !== '').map(Number),
            }),
          )
        : withdrawTransfer(id, await signAction('transfer.withdraw', { applicationId: id })),
    onSuccess: (request, kind) => {
      queryClient.setQueryData(transferKeys.one(id), request);
      void queryClient.invalidateQueries({ queryKey: ['applications', 'one', id] });
      setOpen(false);
      setConfirming(false);
      notifySuccess(t(kind === 'request' ? 'transfer.requested' : 'transfer.withdrawn'));
    },
  });
  const request = query.data ?? null;
  const name = (k: { nameKk: string; nameRu: string }) => (lng === 'kk' ? k.nameKk : k.nameRu);

  if (request?.status === 'open') {
    return (
      <Alert color="blue" variant="light" title={t('transfer.openTitle')}>
        <Stack gap="xs">
          <Text size="sm">{t('transfer.open', { at: formatDateTime(request.requestedAt) })}</Text>
          <List type="ordered" size="sm">
            {request.kindergartens.map((k) => (
              <List.Item key={k.id}>{name(k)}</List.Item>
            ))}
          </List>
          <ProblemAlert error={act.error} />
          <Group>
            <Button
              variant="default"
              loading={act.isPending}
              onClick={() => act.mutate('withdraw')}
            >
              {t('transfer.withdraw')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  const granted =
    request?.status === 'granted'
      ? request.kindergartens.find((k) => k.id === request.grantedKindergartenId)
      : undefined;
  const grantedNotice = granted ? (
    <Alert color="blue" variant="light" title={t('transfer.grantedTitle')}>
      {t('transfer.granted', { name: name(granted), at: formatDateTime(request!.decidedAt!) })}
    </Alert>
  ) : null;
  if (application.status !== 'enrolled') return grantedNotice;
  if (!open) {
    return (
      <Stack gap="sm">
        {grantedNotice}
        <Group>
          <Button variant="outline" onClick={() => setOpen(true)}>
            {t('transfer.request')}
          </Button>
        </Group>
      </Stack>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ranks.some((rank) => rank !== '')) {
      setError(t('validation.required'));
      return;
    }
    setConfirming(true);
  };
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="transfer-form">
      <form noValidate onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3" id="transfer-form">
            {t('transfer.formTitle')}
          </Title>
          <Text size="sm">{t('transfer.formLead')}</Text>
          <RankedKindergartens
            districtId={application.district.id}
            value={ranks}
            onChange={(next) => {
              setRanks(next);
              setError(undefined);
              setConfirming(false);
            }}
            firstError={error}
          />
          {confirming ? (
            <Alert color="yellow" variant="light" title={t('transfer.confirmTitle')}>
              {t('transfer.confirmText')}
            </Alert>
          ) : null}
          <ProblemAlert error={act.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={act.isPending}>
              {t('common.cancel')}
            </Button>
            {confirming ? (
              <Button loading={act.isPending} onClick={() => act.mutate('request')}>
                {t('transfer.sign')}
              </Button>
            ) : (
              <Button type="submit">{t('transfer.next')}</Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
