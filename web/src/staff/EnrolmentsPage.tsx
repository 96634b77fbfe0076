import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../forms/DateField.tsx';
import { localDateOf } from '@kezek/domain';
import {
  recordDeparture,
  useEnrolments,
  workspaceKeys,
  type Enrolment,
  type EnrolmentFilters,
} from '../api/workspace.ts';
import { ListFilters, PagedTable, useCursorPaging, useListFilters } from '../shell/Pager.tsx';
import { ActionFailed } from '../eds/ActionFailed.tsx';
import { signAction } from '../eds/signer.ts';
import {
  formatInstantDate,
  formatShortDate,
  kindergartenName,
  useLanguage,
} from '../i18n/format.ts';
import { Loading, PageTitle, ProblemAlert } from '../shell/common.tsx';
import { Details } from '../shell/Details.tsx';
import { RequireRole } from '../shell/guards.tsx';
import { ButtonLink } from '../shell/links.tsx';
import {
  chosenKindergarten,
  KindergartenPicker,
  useMyKindergartens,
} from './KindergartenPicker.tsx';
import { CancelAndSubmit } from '../forms/CancelAndSubmit.tsx';

/**
 * «Баланың шығуы» (docs/rules.md, "Kindergarten workspace"): the day and the reason, then the
 * signature.
 */
function DepartureModal({
  enrolment,
  today,
  onClose,
  onConfirm,
}: {
  enrolment: Enrolment | null;
  today: string;
  onClose: () => void;
  onConfirm: (date: string, reason: string) => void;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ date?: string; reason?: string }>({});
  const enrolledOn = enrolment ? localDateOf(new Date(enrolment.enrolledAt)) : today;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > today || date < enrolledOn)
      found.date = t('enrolled.departure.dateInvalid');
    if (reason.trim().length < 3) found.reason = t('enrolled.departure.reasonRequired');
    setErrors(found);
    if (Object.keys(found).length === 0) onConfirm(date, reason.trim());
  };
  return (
    <Modal
      opened={enrolment !== null}
      onClose={onClose}
      title={t('enrolled.departure.title')}
      size="lg"
    >
      {enrolment ? (
        <form noValidate onSubmit={submit}>
          <Stack>
            <Details
              items={[
                { label: t('enrolled.columns.iin'), value: enrolment.child.iin },
                { label: t('enrolled.columns.name'), value: enrolment.child.fullName },
              ]}
            />
            <DateField
              label={t('enrolled.departure.date')}
              required
              min={enrolledOn}
              max={today}
              value={date}
              error={errors.date}
              onChange={setDate}
            />
            <Textarea
              label={t('enrolled.departure.reason')}
              required
              maxLength={500}
              autosize
              minRows={2}
              value={reason}
              error={errors.reason}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Text size="sm">{t('enrolled.departure.warning')}</Text>
            <CancelAndSubmit onCancel={onClose} color="red.9">
              {t('enrolled.departure.confirm')}
            </CancelAndSubmit>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}

const EMPTY_FILTERS: EnrolmentFilters = { q: '', groupYear: '', state: 'current' };

function EnrolledList() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigate = useNavigate();
  const search = useSearch({ from: '/staff/enrolments' });
  const queryClient = useQueryClient();
  const kindergartens = useMyKindergartens();
  const kindergarten = chosenKindergarten(kindergartens.items, search.kindergartenId);
  const paging = useCursorPaging();
  const { filters, change, clear } = useListFilters(EMPTY_FILTERS, paging);
  const [leaving, setLeaving] = useState<{ enrolment: Enrolment; today: string } | null>(null);
  const [departed, setDeparted] = useState<Enrolment | null>(null);
  const list = useEnrolments(kindergarten?.id ?? null, filters, paging.cursor);
  const depart = useMutation({
    mutationFn: async ({
      enrolment,
      date,
      reason,
    }: {
      enrolment: Enrolment;
      date: string;
      reason: string;
    }) =>
      recordDeparture(
        enrolment.id,
        await signAction('enrolment.depart', { enrolmentId: enrolment.id, date, reason }),
      ),
    onSuccess: (enrolment) => {
      setDeparted(enrolment);
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
    },
  });
  if (kindergartens.pending) return <Loading />;
  if (!kindergarten) {
    return (
      <Stack>
        <PageTitle>{t('enrolled.title')}</PageTitle>
        <ProblemAlert error={kindergartens.error} />
        <Text>{t('staffArea.empty')}</Text>
      </Stack>
    );
  }
  const years = Array.from({ length: 9 }, (_, i) => String(new Date().getFullYear() - i - 1));
  return (
    <Stack gap="lg">
      <PageTitle description={t('enrolled.lead')}>{t('enrolled.title')}</PageTitle>
      <KindergartenPicker
        items={kindergartens.items}
        value={kindergarten}
        onChange={(kindergartenId) => {
          paging.reset();
          setDeparted(null);
          void navigate({ to: '/staff/enrolments', search: { kindergartenId }, replace: true });
        }}
      />
      {departed ? (
        <Alert color="blue" variant="light" role="status" title={t('enrolled.placesNotice.title')}>
          <Stack gap="sm">
            <Text size="sm">
              {t('enrolled.placesNotice.text', {
                child: departed.child.fullName,
                date: formatShortDate(departed.departedAt ?? ''),
              })}
            </Text>
            <Group>
              <ButtonLink to="/staff/places">{t('enrolled.placesNotice.addPlaces')}</ButtonLink>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <ActionFailed error={depart.error} />
      <ListFilters cols={{ base: 1, sm: 3 }} onClear={clear}>
        <TextInput
          label={t('enrolled.filters.q')}
          description={t('enrolled.filters.qHint')}
          value={filters.q}
          onChange={(event) => change({ q: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('enrolled.filters.groupYear')}
          value={filters.groupYear}
          onChange={(event) => change({ groupYear: event.currentTarget.value })}
          data={[
            { value: '', label: t('common.any') },
            ...years.map((year) => ({ value: year, label: year })),
          ]}
        />
        <NativeSelect
          label={t('enrolled.filters.state')}
          value={filters.state}
          onChange={(event) =>
            change({ state: event.currentTarget.value as EnrolmentFilters['state'] })
          }
          data={[
            { value: 'current', label: t('enrolled.state.current') },
            { value: 'departed', label: t('enrolled.state.departed') },
            { value: '', label: t('common.any') },
          ]}
        />
      </ListFilters>
      <ProblemAlert error={list.error} />
      <PagedTable
        title={t('enrolled.tableTitle', { kindergarten: kindergartenName(kindergarten.name, lng) })}
        columns={[
          t('enrolled.columns.iin'),
          t('enrolled.columns.name'),
          t('enrolled.columns.application'),
          t('enrolled.columns.direction'),
          t('enrolled.columns.year'),
          t('enrolled.columns.enrolledAt'),
          t('enrolled.columns.action'),
        ]}
        minWidth={900}
        rows={list.data?.items ?? []}
        pending={list.isPending}
        busy={list.isFetching}
        empty={t('enrolled.empty')}
        paging={paging}
        nextCursor={list.data?.nextCursor}
        pagesLabel={t('enrolled.paging')}
      >
        {(enrolment) => (
          <Table.Tr key={enrolment.id}>
            <Table.Td>{enrolment.child.iin}</Table.Td>
            <Table.Td>{enrolment.child.fullName}</Table.Td>
            <Table.Td>{enrolment.applicationNumber}</Table.Td>
            <Table.Td>{enrolment.directionNumber}</Table.Td>
            <Table.Td>{enrolment.groupYear}</Table.Td>
            <Table.Td>{formatInstantDate(enrolment.enrolledAt)}</Table.Td>
            <Table.Td>
              {enrolment.departedAt ? (
                t('enrolled.departedOn', { date: formatShortDate(enrolment.departedAt) })
              ) : (
                <Button
                  size="compact-sm"
                  variant="outline"
                  color="red.9"
                  aria-label={t('enrolled.departLabel', { child: enrolment.child.fullName })}
                  loading={depart.isPending && depart.variables?.enrolment.id === enrolment.id}
                  onClick={() => setLeaving({ enrolment, today: localDateOf(new Date()) })}
                >
                  {t('enrolled.depart')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      </PagedTable>
      <DepartureModal
        key={leaving?.enrolment.id ?? 'none'}
        enrolment={leaving?.enrolment ?? null}
        today={leaving?.today ?? ''}
        onClose={() => setLeaving(null)}
        onConfirm={(date, reason) => {
          const enrolment = leaving!.enrolment;
          setLeaving(null);
          depart.mutate({ enrolment, date, reason });
        }}
      />
    </Stack>
  );
}

/**
 * The enrolled list of a kindergarten (docs/rules.md, "Kindergarten workspace"): departures, then
 * free places by hand.
 */
export function EnrolmentsPage() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <EnrolledList />
    </RequireRole>
  );
}
