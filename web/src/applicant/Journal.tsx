import { Alert, Button, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Application,
  applicationKeys,
  attachApplication,
  useBenefitCategories,
  useJournal,
  useMyChildren,
} from '../api/applications.ts';
import { ApiError } from '../api/errors.ts';
import { isCancelled, signProblemMessage } from '../eds/errors.ts';
import { signAction } from '../eds/signer.ts';
import { formatDateTime, formatShortDate, useLanguage } from '../i18n/format.ts';
import { Msg } from '../i18n/message.tsx';
import type { MessageRef } from '../i18n/message.tsx';
import { Loading, ProblemAlert } from '../shell/common.tsx';
import { AnchorLink } from '../shell/links.tsx';
import { notifySuccess } from '../shell/notify.ts';
import { benefitLabel, statusLabel } from '../shell/labels.ts';

/**
 * The applicant's journal (docs/rules.md, "The journal and the application"): every application
 * they filed or attached, with the manual's columns; the number opens the application. Without
 * applications: a note.
 */
export function JournalTable() {
  const { t } = useTranslation();
  const lng = useLanguage();
  const journal = useJournal();
  const categories = useBenefitCategories();
  const rows = journal.data?.items ?? [];
  return (
    <section aria-labelledby="journal-title">
      <Title order={2} size="h3" id="journal-title" mb="sm">
        {t('journal.title')}
      </Title>
      <ProblemAlert error={journal.error} />
      {journal.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text>{t('journal.empty')}</Text>
        </Paper>
      ) : (
        <>
          <JournalCards rows={rows} />
          <Table.ScrollContainer minWidth={960} visibleFrom="sm">
            <Table
              striped
              withTableBorder
              aria-labelledby="journal-title"
              aria-busy={journal.isFetching}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('journal.columns.number')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.childName')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.childIin')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.queueNumber')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.applicant')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.createdAt')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.status')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.benefit')}</Table.Th>
                  <Table.Th scope="col">{t('journal.columns.birthDate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      <AnchorLink to="/applicant/applications/$id" params={{ id: row.id }}>
                        {row.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{row.child.fullName}</Table.Td>
                    <Table.Td>{row.child.iin}</Table.Td>
                    <Table.Td>{row.queueNumber ?? '—'}</Table.Td>
                    <Table.Td>{row.applicant.fullName}</Table.Td>
                    <Table.Td>{formatDateTime(row.registeredAt)}</Table.Td>
                    <Table.Td>{statusLabel(t, row.status)}</Table.Td>
                    <Table.Td>
                      {benefitLabel(t, categories.data?.items, row.benefit.categoryCode, lng)}
                    </Table.Td>
                    <Table.Td>{formatShortDate(row.child.birthDate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </section>
  );
}

/**
 * The journal on a phone (below the small breakpoint): a card per application with what a parent
 * looks for, the whole card one tap to open it.
 */
function JournalCards({ rows }: { rows: Application[] }) {
  const { t } = useTranslation();
  return (
    <Stack component="ul" gap="sm" hiddenFrom="sm" aria-labelledby="journal-title" p={0} m={0}>
      {rows.map((row) => (
        <Paper component="li" key={row.id} withBorder radius="md" style={{ listStyle: 'none' }}>
          <AnchorLink
            to="/applicant/applications/$id"
            params={{ id: row.id }}
            underline="never"
            c="inherit"
            display="block"
            p="md"
          >
            <Text fw={700} c="blue.9">
              {row.number}
            </Text>
            <Text>{row.child.fullName}</Text>
            <Text size="sm">
              {t('journal.columns.status')}: {statusLabel(t, row.status)}
            </Text>
            <Text size="sm">
              {t('journal.columns.queueNumber')}: {row.queueNumber ?? '—'}
            </Text>
          </AnchorLink>
        </Paper>
      ))}
    </Stack>
  );
}

/** A refusal of `application.attach`: a 404 here means the child has no active application. */
function attachProblem(error: unknown): MessageRef {
  if (error instanceof ApiError && error.code === 'not_found') {
    return { key: 'journal.attach.noApplication' };
  }
  return signProblemMessage(error);
}

/**
 * "Attach my child's application" (docs/rules.md, "Registration and eligibility"): the other
 * parent signs `application.attach` with the child's IIN; the registry must list them as a parent.
 */
export function AttachForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const children = useMyChildren();
  const [childIin, setChildIin] = useState('');
  const [missing, setMissing] = useState(false);
  const attach = useMutation({
    mutationFn: async (iin: string) =>
      attachApplication(await signAction('application.attach', { childIin: iin })),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationKeys.one(application.id), application);
      void queryClient.invalidateQueries({ queryKey: applicationKeys.journal });
      notifySuccess(t('journal.attach.attached', { number: application.number }));
      setChildIin('');
    },
  });
  const items = children.data?.items ?? [];
  const error = attach.error && !isCancelled(attach.error) ? attach.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!childIin);
    if (childIin) attach.mutate(childIin);
  };

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="attach-title">
      <form noValidate onSubmit={submit}>
        <Stack gap="sm" maw={640}>
          <Title order={2} size="h3" id="attach-title">
            {t('journal.attach.title')}
          </Title>
          <Text size="sm">{t('journal.attach.lead')}</Text>
          <ProblemAlert error={children.error} />
          {children.isSuccess && items.length === 0 ? (
            <Text>{t('journal.attach.noChildren')}</Text>
          ) : (
            <>
              <NativeSelect
                label={t('journal.attach.child')}
                required
                value={childIin}
                onChange={(event) => {
                  setChildIin(event.currentTarget.value);
                  setMissing(false);
                }}
                data={[
                  { value: '', label: t('common.choose') },
                  ...items.map((item) => ({
                    value: item.iin,
                    label: t('apply.childOption', {
                      name: item.fullName,
                      birthDate: formatShortDate(item.birthDate),
                      iin: item.iin,
                    }),
                  })),
                ]}
                error={missing ? t('validation.required') : undefined}
              />
              {error ? (
                <Alert color="red" variant="light" role="alert" title={t('journal.attach.failed')}>
                  <Msg message={attachProblem(error)} />
                </Alert>
              ) : null}
              <div>
                <Button type="submit" loading={attach.isPending}>
                  {t('journal.attach.submit')}
                </Button>
              </div>
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
