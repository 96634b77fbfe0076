import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInbox } from '../api/directions.ts';
import { formatDateTime } from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';

/** The in-app copies of the notices (turn, direction, expiry, stop-list…), newest first. */
function Messages() {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const inbox = useInbox(cursor);
  const items = inbox.data?.items ?? [];
  return (
    <Stack gap="lg" maw={820}>
      <PageTitle description={t('inbox.lead')}>{t('inbox.title')}</PageTitle>
      <ProblemAlert error={inbox.error} />
      {inbox.isPending ? <Loading /> : null}
      {!inbox.isPending && items.length === 0 ? <Text>{t('inbox.empty')}</Text> : null}
      <Stack component="ol" gap="md" className="plain-list" aria-label={t('inbox.title')}>
        {items.map((message) => (
          <Paper component="li" key={message.id} withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {formatDateTime(message.createdAt)}
            </Text>
            <Title order={2} size="h4" my={4}>
              {message.subject}
            </Title>
            <Text style={{ whiteSpace: 'pre-line' }}>{message.body}</Text>
          </Paper>
        ))}
      </Stack>
      {inbox.data?.nextCursor ? (
        <Button
          variant="default"
          onClick={() => setCursors((list) => [...list, inbox.data!.nextCursor!])}
        >
          {t('inbox.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

export function MessagesPage() {
  return (
    <RequireRole roles={['applicant']}>
      <Messages />
    </RequireRole>
  );
}
