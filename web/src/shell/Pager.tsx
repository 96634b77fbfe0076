import { Button, Fieldset, Group, SimpleGrid, Table, Text } from '@mantine/core';
import type { SimpleGridProps } from '@mantine/core';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyRow, LoadingRow, TableHeading } from '../shell/common.tsx';

/**
 * Cursor paging: the current cursor and a stack of the cursors of the pages before it, so that
 * "previous" can go back although the API only gives the next cursor.
 */
export function useCursorPaging() {
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  return {
    cursor,
    page: stack.length + 1,
    hasPrevious: stack.length > 0,
    next(nextCursor: string) {
      setStack((previous) => [...previous, cursor]);
      setCursor(nextCursor);
    },
    previous() {
      setCursor(stack[stack.length - 1]);
      setStack((previous) => previous.slice(0, -1));
    },
    reset() {
      setStack([]);
      setCursor(undefined);
    },
  };
}

/**
 * The filter values of a paged list (as the inputs give them: strings). Changing or clearing
 * them goes back to the first page: the cursor of another filter's page means nothing here.
 */
export function useListFilters<F extends Record<string, string>>(
  initial: F,
  paging: ReturnType<typeof useCursorPaging>,
) {
  const [filters, setFilters] = useState(initial);
  return {
    filters,
    change(changes: Partial<F>) {
      setFilters((previous) => ({ ...previous, ...changes }));
      paging.reset();
    },
    clear() {
      setFilters(initial);
      paging.reset();
    },
  };
}

export function Pager({
  paging,
  nextCursor,
  busy,
  label,
}: {
  paging: ReturnType<typeof useCursorPaging>;
  nextCursor: string | null | undefined;
  busy: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={label}>
      <Group justify="space-between" mt="sm">
        <Button variant="default" disabled={!paging.hasPrevious || busy} onClick={paging.previous}>
          {t('paging.previous')}
        </Button>
        <Text aria-live="polite">{t('paging.page', { page: paging.page })}</Text>
        <Button
          variant="default"
          disabled={!nextCursor || busy}
          onClick={() => nextCursor && paging.next(nextCursor)}
        >
          {t('paging.next')}
        </Button>
      </Group>
    </nav>
  );
}

/** The filters of a list in one fieldset; with `onClear`, a button that clears them all. */
export function ListFilters({
  cols,
  onClear,
  children,
}: {
  cols: SimpleGridProps['cols'];
  onClear?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('common.filters')}>
      <SimpleGrid cols={cols}>{children}</SimpleGrid>
      {onClear ? (
        <Group justify="flex-end" mt="sm">
          <Button variant="subtle" onClick={onClear}>
            {t('common.clearFilters')}
          </Button>
        </Group>
      ) : null}
    </Fieldset>
  );
}

/** What a list's table shows: its rows, or a row while they load, or one that says it is empty. */
interface ListTableProps<Row> {
  title: string;
  columns: readonly string[];
  minWidth: number;
  rows: readonly Row[];
  pending: boolean;
  busy: boolean;
  empty: string;
  /** One table row (`<Table.Tr>`) for each row. */
  children: (row: Row, index: number) => ReactNode;
}

/** A list as a table named by its visible heading (a paged one is PagedTable). */
export function ListTable<Row>({
  title,
  columns,
  minWidth,
  rows,
  pending,
  busy,
  empty,
  children,
}: ListTableProps<Row>) {
  return (
    // A table wider than the screen scrolls sideways; the keyboard reaches it too.
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': title } }}
    >
      <Table striped withTableBorder aria-busy={busy}>
        <TableHeading>{title}</TableHeading>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pending ? (
            <LoadingRow colSpan={columns.length} />
          ) : rows.length === 0 ? (
            <EmptyRow colSpan={columns.length}>{empty}</EmptyRow>
          ) : (
            rows.map(children)
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * One page of a list as a table named by its visible heading, with a row while it loads, a row
 * that says it is empty, and the pager under it.
 */
export function PagedTable<Row>({
  paging,
  nextCursor,
  pagesLabel,
  ...table
}: ListTableProps<Row> & {
  paging: ReturnType<typeof useCursorPaging>;
  nextCursor: string | null | undefined;
  pagesLabel: string;
}) {
  return (
    <section>
      <ListTable {...table} />
      <Pager paging={paging} nextCursor={nextCursor} busy={table.busy} label={pagesLabel} />
    </section>
  );
}
