import { sql, type RawBuilder } from 'kysely';
import { Problem } from '../problem.ts';

/** Keyset paging on (sort text, id): stable under inserts and cheap at any depth, unlike OFFSET. */
export interface Keyset {
  sort: string;
  id: number;
}

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.sort, keyset.id])).toString('base64url');
}

const badCursor = () =>
  new Problem(400, 'validation_failed', 'Bad cursor', [
    { path: 'cursor', code: 'invalid_cursor', message: 'Bad cursor' },
  ]);

/** A cursor that is the last row's id (lists newest first by id): checked, or a 400. */
export function idCursor(cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw badCursor();
  return cursor;
}

const MAX_INT = 2_147_483_647;

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (cursor === undefined) return null;
  try {
    const [sort, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // The ids are integer columns: a number beyond them would be a database error, not a page.
    if (
      typeof sort === 'string' &&
      Number.isInteger(id) &&
      (id as number) >= 0 &&
      (id as number) <= MAX_INT
    )
      return { sort, id: id as number };
  } catch {
    // answered below
  }
  throw badCursor();
}

/** `(column collate kezek_names, id) > (sort, id)`: the rows after the cursor in display order. */
export function afterKeyset(
  sortColumn: string,
  idColumn: string,
  keyset: Keyset,
): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(sortColumn)} collate kezek_names, ${sql.ref(idColumn)}) > (${keyset.sort} collate kezek_names, ${keyset.id})`;
}

export function orderByKeyset(sortColumn: string): RawBuilder<unknown> {
  return sql`${sql.ref(sortColumn)} collate kezek_names`;
}

/** Fetch limit + 1 rows; the extra one only tells whether a next page exists. */
export function pageFrom<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keysetOf: (row: Row) => Keyset,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(keysetOf(last)) : null,
  };
}

/**
 * A page of rows fetched `limit + 1` in id order: the extra row only says a next page exists,
 * and the cursor is the last row's id (idCursor reads it back).
 */
export function pageById<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
