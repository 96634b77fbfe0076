import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  QUEUE_IMPORT_COLUMNS,
  QUEUE_IMPORT_OPTIONAL_COLUMNS,
  type QueueImport,
  type QueueImportProgress,
} from '@kezek/contracts';
import {
  queueImportKey,
  startQueueImport,
  uploadQueueImport,
  useQueueImport,
} from '../api/admin.ts';
import { apiUrl } from '../api/client.ts';
import { PageTitle, ProblemAlert } from '../shell/common.tsx';
import { ListTable } from '../shell/Pager.tsx';
import { RequireRole } from '../shell/guards.tsx';

const BUSY = new Set<QueueImport['state']>(['validating', 'importing']);

/** Rows done of the total, the rate and the time left, as a bar and a line of text. */
function ProgressBar({ progress }: { progress: QueueImportProgress }) {
  const { t } = useTranslation();
  const share = progress.total > 0 ? Math.min(100, (100 * progress.done) / progress.total) : 0;
  const minutes = progress.secondsLeft === null ? null : Math.floor(progress.secondsLeft / 60);
  return (
    <Stack gap={4}>
      <Progress
        value={share}
        size="lg"
        animated
        aria-label={t(`queueImport.phase.${progress.phase}`)}
      />
      <Text size="sm" aria-live="polite">
        {t('queueImport.progress', { done: progress.done, total: progress.total })}
        {progress.ratePerSecond !== null &&
          ` · ${t('queueImport.rate', { rate: progress.ratePerSecond })}`}
        {minutes !== null &&
          ` · ${t('queueImport.left', { minutes, seconds: (progress.secondsLeft ?? 0) % 60 })}`}
      </Text>
    </Stack>
  );
}

function ImportView({ view }: { view: QueueImport }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: (onlyClean: boolean) => startQueueImport(view.id, onlyClean),
    // The answer says `importing`: the view polls from here on.
    onSuccess: (started) => queryClient.setQueryData(queueImportKey(view.id), started),
  });
  const confirm = (onlyClean: boolean) =>
    modals.openConfirmModal({
      title: t('queueImport.confirmTitle'),
      children: (
        <Text>
          {t(onlyClean ? 'queueImport.confirmClean' : 'queueImport.confirmAll', {
            count: view.rows - view.rejected,
            rejected: view.rejected,
          })}
        </Text>
      ),
      labels: { confirm: t('queueImport.confirm'), cancel: t('common.cancel') },
      onConfirm: () => start.mutate(onlyClean),
    });
  const canStart = view.state === 'validated' && !start.isPending;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {view.fileName}
          </Title>
          <Badge variant="outline" tt="none" color={view.state === 'done' ? 'teal.9' : 'blue.9'}>
            {t(`queueImport.state.${view.state}`)}
          </Badge>
        </Group>
        {view.progress && <ProgressBar progress={view.progress} />}
        {view.state === 'interrupted' && (
          <Alert color="yellow">{t('queueImport.interrupted')}</Alert>
        )}
        {view.state === 'done' && (
          <Alert color="green">
            {t('queueImport.done', { imported: view.imported, skipped: view.skipped })}
          </Alert>
        )}
        {view.state === 'validated' && view.rejected === 0 && (
          <Text>{t('queueImport.clean', { count: view.rows })}</Text>
        )}
        {!BUSY.has(view.state) && view.rejected > 0 && (
          <Alert color="red" title={t('queueImport.refusedTitle', { count: view.rejected })}>
            {view.state === 'done' ? t('queueImport.refusedDone') : t('queueImport.refusedLead')}
          </Alert>
        )}
        <ProblemAlert error={start.error} />
        <Group>
          {canStart && view.rejected === 0 && (
            <Button onClick={() => confirm(false)}>{t('queueImport.import')}</Button>
          )}
          {canStart && view.rejected > 0 && view.rejected < view.rows && (
            <Button variant="light" onClick={() => confirm(true)}>
              {t('queueImport.importClean')}
            </Button>
          )}
          {view.rejected > 0 && (
            <Anchor href={apiUrl(`/api/admin/queue-imports/${view.id}/rejected.csv`)} download>
              {t('queueImport.downloadRejected')}
            </Anchor>
          )}
        </Group>
        {view.problems.length > 0 && (
          <ListTable
            title={t('queueImport.problemsTitle')}
            columns={[t('queueImport.row'), t('queueImport.problems')]}
            minWidth={300}
            rows={view.problems}
            pending={false}
            busy={false}
            empty=""
          >
            {(p) => (
              <Table.Tr key={p.row}>
                <Table.Td>{p.row}</Table.Td>
                <Table.Td>{p.codes.map((c) => t(`queueImport.problem.${c}`)).join('; ')}</Table.Td>
              </Table.Tr>
            )}
          </ListTable>
        )}
      </Stack>
    </Paper>
  );
}

/** The administrator's upload of a legacy system's queue export (docs/operations.md). */
export function QueueImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const [id, setId] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadQueueImport(chosen, setSent),
    onSuccess: (view) => setId(view.id),
  });
  const view = useQueueImport(id);
  return (
    <RequireRole roles={['admin']}>
      <PageTitle description={t('queueImport.lead')}>{t('admin.nav.queueImport')}</PageTitle>
      <Stack>
        <Text size="sm">
          {/* The header line as the file has it, broken anywhere on a phone's narrow screen. */}
          {t('queueImport.columns')}{' '}
          <Code style={{ overflowWrap: 'anywhere' }}>{QUEUE_IMPORT_COLUMNS.join(',')}</Code>;{' '}
          {t('queueImport.optionalColumns')}{' '}
          <Code style={{ overflowWrap: 'anywhere' }}>
            {QUEUE_IMPORT_OPTIONAL_COLUMNS.join(',')}
          </Code>
        </Text>
        <Group align="end">
          <FileInput
            label={t('queueImport.file')}
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            w={360}
          />
          <Button
            disabled={!file}
            loading={upload.isPending}
            onClick={() => file && upload.mutate(file)}
          >
            {t('queueImport.upload')}
          </Button>
        </Group>
        {upload.isPending && (
          <Progress value={sent * 100} aria-label={t('queueImport.uploading')} />
        )}
        <ProblemAlert error={upload.error ?? view.error} />
        {view.data && <ImportView view={view.data} />}
      </Stack>
    </RequireRole>
  );
}
