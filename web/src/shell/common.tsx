import { Alert, Badge, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../api/messages.ts';
import { Msg } from '../i18n/message.tsx';

export function PageTitle({
  children,
  description,
}: {
  children: ReactNode;
  description?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Every page its own <title> (what a tab, the history and a screen reader announce): the
  // heading's text and the service's name.
  useEffect(() => {
    const text = heading.current?.textContent?.trim();
    document.title = text ? `${text} — kezek` : 'kezek';
  });
  return (
    <Stack gap={4} mb="lg">
      <Title order={1} size="h2" ref={heading}>
        {children}
      </Title>
      {description ? <Text c="dimmed">{description}</Text> : null}
    </Stack>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="lg" role="status">
      <Loader size="sm" aria-hidden />
      <Text ml="sm">{label ?? t('common.loading')}</Text>
    </Center>
  );
}

/** The localized message of a failed call, announced to screen readers. */
export function ProblemAlert({ error, title }: { error: unknown; title?: ReactNode }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('common.errorTitle')} role="alert" mb="md">
      <Msg message={problemMessage(error)} />
    </Alert>
  );
}

/**
 * A table's visible heading, inside its caption: the table is named by it
 * (`getByRole('table', { name })`) and it stays a heading for screen-reader navigation.
 */
export function TableHeading({ children }: { children: ReactNode }) {
  return (
    <caption className="table-caption">
      <Title order={2} size="h3">
        {children}
      </Title>
    </caption>
  );
}

/** A table row that says the rows are being loaded. */
export function LoadingRow({ colSpan }: { colSpan: number }) {
  return (
    <tr>
      <td colSpan={colSpan}>
        <Loading />
      </td>
    </tr>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan}>
        <Text py="sm" ta="center">
          {children}
        </Text>
      </td>
    </tr>
  );
}

/** Marks the row just saved. White on teal 9 keeps AA contrast on the row's green-0 too. */
export function NewBadge() {
  const { t } = useTranslation();
  return (
    <Badge ml="xs" color="teal.9" variant="filled">
      {t('common.new')}
    </Badge>
  );
}

/** The background of the row just saved. */
export const NEW_ROW_BG = 'var(--mantine-color-green-0)';
