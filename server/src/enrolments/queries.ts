import { sql } from 'kysely';
import type { z } from 'zod';
import type { enrolmentQuerySchema } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { decodeCursor } from '../http/paging.ts';
import { enrolmentRows } from './view.ts';

const childName = fullNameOf('child');
const likePattern = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A kindergarten's id and district, for the caller's scope; undefined when there is none. */
export function kindergartenPlace(db: Db, id: number) {
  return db
    .selectFrom('kindergartens')
    .select(['id', 'district_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A page of a kindergarten's enrolled list in the order of the children's names (keyset), by
 * group year, current or departed, and a name or IIN prefix: one row more than asked.
 */
export function enrolmentPage(
  db: Db,
  kindergartenId: number,
  { q, groupYear, state, limit, cursor }: z.infer<typeof enrolmentQuerySchema>,
) {
  const after = decodeCursor(cursor);
  let query = enrolmentRows(db).where('e.kindergarten_id', '=', kindergartenId);
  if (groupYear !== undefined) query = query.where('e.group_year', '=', groupYear);
  if (state === 'current') query = query.where('e.departed_on', 'is', null);
  if (state === 'departed') query = query.where('e.departed_on', 'is not', null);
  if (q) {
    query = /^\d+$/.test(q)
      ? query.where('e.child_iin', 'like', `${q}%`)
      : query.where(sql<boolean>`${childName} ilike ${`%${likePattern(q)}%`}`);
  }
  if (after) {
    query = query.where(
      sql<boolean>`(${childName} collate kezek_names, e.id) > (${after.sort} collate kezek_names, ${after.id})`,
    );
  }
  return query
    .orderBy(sql`${childName} collate kezek_names`)
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
}
