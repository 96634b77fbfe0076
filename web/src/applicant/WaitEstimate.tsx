import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useWaitEstimate, type Application } from '../api/applications.ts';
import { ProblemAlert } from '../shell/common.tsx';

/**
 * When a waiting child's turn is likely (docs/wait-estimates.md): the median and the 90 % bounds
 * in months, with their basis in one sentence, or "not enough history" where that is the truth.
 * Shown while the child waits for its turn (queued or stop-listed).
 */
export function WaitEstimate({ application }: { application: Application }) {
  const { t } = useTranslation();
  const waiting = application.status === 'queued' || application.status === 'stop_listed';
  const estimate = useWaitEstimate(application.id, waiting);
  if (!waiting || estimate.data?.kind === 'not_waiting') return null;
  const e = estimate.data;
  const basis = e && { months: e.months, year: e.groupYear, turns: e.turns, ahead: e.ahead };
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="wait-estimate">
      <Title order={2} size="h3" id="wait-estimate" mb="sm">
        {t('waitEstimate.title')}
      </Title>
      <ProblemAlert error={estimate.error} />
      {e?.kind === 'estimate' ? (
        <Stack gap="xs">
          <Text fw={700}>
            {t('waitEstimate.estimate', {
              median: e.medianMonths,
              low: e.lowMonths,
              high: e.highMonths,
            })}
          </Text>
          <Text>{t('waitEstimate.basis', basis!)}</Text>
          <Text size="sm" c="dimmed">
            {t('waitEstimate.caveat')}
          </Text>
        </Stack>
      ) : null}
      {e?.kind === 'not_enough_history' ? <Text>{t('waitEstimate.notEnough', basis!)}</Text> : null}
    </Paper>
  );
}
