import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../forms/DateField.tsx';
import {
  CALENDAR_KINDS,
  calendarDateParamsSchema,
  calendarOverrideBodySchema,
} from '@kezek/contracts';
import { deleteCalendarDay, putCalendarDay, useCalendar } from '../api/admin.ts';
import { queryKeys } from '../api/query-client.ts';
import type { CalendarDay } from '../api/types.ts';
import { FormProblemAlert, problemFieldErrors } from '../forms/problem.tsx';
import { zodValidate } from '../forms/validation.tsx';
import { formatDate, formatWeekday, useLanguage } from '../i18n/format.ts';
import { EmptyRow, LoadingRow, PageTitle, ProblemAlert, TableHeading } from '../shell/common.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { notifySuccess } from '../shell/notify.ts';

const overrideSchema = calendarDateParamsSchema.extend(calendarOverrideBodySchema.shape);
type OverrideValues = { date: string; kind: string; name: string };

function thisYear(): number {
  // The calendar of Kazakhstan (UTC+5): the year there, not in the browser's zone.
  return Number(
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Almaty' }).format(new Date()),
  );
}

function OverrideForm({ year }: { year: number }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const form = useForm<OverrideValues>({
    initialValues: { date: '', kind: '', name: '' },
    validate: zodValidate(overrideSchema, (values: OverrideValues) => ({
      ...values,
      kind: values.kind || undefined,
    })),
  });
  const save = useMutation({
    mutationFn: ({ date, kind, name }: { date: string; kind: CalendarDay['kind']; name: string }) =>
      putCalendarDay(date, { kind, name }),
    onSuccess: async (_result, { date }) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
      notifySuccess(t('calendar.saved', { date: formatDate(date, lng) }));
      form.reset();
    },
    onError: (error) => form.setErrors(problemFieldErrors(error)),
  });

  const confirm = (values: OverrideValues) => {
    const body = overrideSchema.parse({ ...values, kind: values.kind || undefined });
    const text =
      body.kind === 'holiday' ? 'calendar.confirmHolidayText' : 'calendar.confirmWorkdayText';
    modals.openConfirmModal({
      title: t('calendar.confirmTitle'),
      children: <Text>{t(text, { date: formatDate(body.date, lng), name: body.name })}</Text>,
      labels: { confirm: t('calendar.confirm'), cancel: t('common.cancel') },
      onConfirm: () => save.mutate(body),
    });
  };

  return (
    <section>
      <Title order={2} size="h3" mb="xs">
        {t('calendar.formTitle')}
      </Title>
      <Text mb="sm">{t('calendar.formLead', { year })}</Text>
      <form noValidate onSubmit={form.onSubmit(confirm)}>
        <Paper withBorder p="md">
          <Stack>
            <FormProblemAlert error={save.error} />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <DateField
                label={t('calendar.date')}
                required
                {...form.getInputProps('date')}
                value={form.getValues().date}
                onChange={(date) => form.setFieldValue('date', date)}
              />
              <NativeSelect
                label={t('calendar.kind')}
                required
                data={[
                  { value: '', label: t('common.choose') },
                  ...CALENDAR_KINDS.map((kind) => ({
                    value: kind,
                    label: t(`calendar.kinds.${kind}`),
                  })),
                ]}
                {...form.getInputProps('kind')}
              />
              <TextInput
                label={t('calendar.name')}
                description={t('calendar.nameHint')}
                required
                {...form.getInputProps('name')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                {t('calendar.save')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </form>
    </section>
  );
}

function CalendarScreen() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const queryClient = useQueryClient();
  const current = thisYear();
  const [year, setYear] = useState(current);
  const calendar = useCalendar(year);
  const years = [current - 1, current, current + 1, current + 2];

  const remove = useMutation({
    mutationFn: (day: CalendarDay) => deleteCalendarDay(day.date),
    onSuccess: async (_result, day) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminCalendar(year) });
      notifySuccess(t('calendar.removed', { date: formatDate(day.date, lng) }));
    },
  });

  const confirmRemove = (day: CalendarDay) =>
    modals.openConfirmModal({
      title: t('calendar.removeTitle'),
      children: (
        <Text>{t('calendar.removeText', { date: formatDate(day.date, lng), name: day.name })}</Text>
      ),
      labels: { confirm: t('calendar.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => remove.mutate(day),
    });

  const items = [...(calendar.data?.items ?? [])].sort((a, b) => a.date.localeCompare(b.date));

  return (
    <Stack gap="lg">
      <PageTitle description={t('calendar.lead')}>{t('admin.nav.calendar')}</PageTitle>
      <NativeSelect
        label={t('calendar.year')}
        maw={200}
        value={String(year)}
        onChange={(event) => setYear(Number(event.currentTarget.value))}
        data={years.map(String)}
      />
      <ProblemAlert error={calendar.error ?? remove.error} />
      <section>
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder aria-busy={calendar.isFetching}>
            <TableHeading>{t('calendar.tableTitle', { year })}</TableHeading>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendar.date')}</Table.Th>
                <Table.Th scope="col">{t('calendar.weekday')}</Table.Th>
                <Table.Th scope="col">{t('calendar.kind')}</Table.Th>
                <Table.Th scope="col">{t('calendar.name')}</Table.Th>
                <Table.Th scope="col">{t('calendar.source')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {calendar.isPending ? (
                <LoadingRow colSpan={6} />
              ) : items.length === 0 ? (
                <EmptyRow colSpan={6}>{t('calendar.empty')}</EmptyRow>
              ) : (
                items.map((day) => (
                  <Table.Tr key={`${day.date}-${day.source}`}>
                    <Table.Td>
                      <time dateTime={day.date}>{formatDate(day.date, lng)}</time>
                    </Table.Td>
                    <Table.Td>{formatWeekday(day.date, lng)}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="outline"
                        tt="none"
                        color={day.kind === 'holiday' ? 'red.9' : 'blue.9'}
                      >
                        {t(`calendar.kinds.${day.kind}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{day.name}</Table.Td>
                    <Table.Td>{t(`calendar.sources.${day.source}`)}</Table.Td>
                    <Table.Td>
                      {day.source === 'override' ? (
                        <Button
                          size="compact-sm"
                          variant="outline"
                          color="red.9"
                          onClick={() => confirmRemove(day)}
                        >
                          {t('calendar.remove')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <OverrideForm year={year} />
    </Stack>
  );
}

export function CalendarPage() {
  return (
    <RequireRole roles={['admin', 'officer']}>
      <CalendarScreen />
    </RequireRole>
  );
}
