import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

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
