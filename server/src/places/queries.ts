import { sql } from 'kysely';
import type { z } from 'zod';
import type { PlaceBatch, placeQuerySchema } from '@kezek/contracts';
import { endOfLocalDay, startOfLocalDay } from '@kezek/domain';
import type { SignedInUser } from '../auth/users.ts';
import type { Db } from '../db/connection.ts';
import { idCursor } from '../http/paging.ts';

/** Place batches (alias `b`) with their kindergarten and the account that added them. */
function batchRows(db: Db) {
  return db
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .innerJoin('users as u', 'u.id', 'b.created_by')
    .select([
      'b.id',
      'b.group_year',
      'b.language',
      'b.total',
      'b.free',
      'b.state',
      'b.turn_until',
      'b.created_at',
      'k.id as kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'k.type',
      'k.district_id',
      'u.full_name as created_by',
      // A place given back by a transfer (docs/rules.md, "Transfers").
      sql<boolean>`exists(select 1 from transfer_requests r where r.returned_batch_id = b.id)`.as(
        'from_transfer',
      ),
    ]);
}

/** One place batch as the list shows it. */
export function placeBatch(db: Db, id: string) {
  return batchRows(db).where('b.id', '=', id).executeTakeFirstOrThrow();
}

export type BatchRow = Awaited<ReturnType<ReturnType<typeof batchRows>['execute']>>[number];

export function toPlaceBatch(row: BatchRow): PlaceBatch {
  return {
    id: row.id,
    kindergarten: {
      id: row.kindergarten_id,
      name: { kk: row.name_kk, ru: row.name_ru },
      type: row.type as PlaceBatch['kindergarten']['type'],
    },
    groupYear: row.group_year,
    language: row.language as PlaceBatch['language'],
    total: row.total,
    free: row.free,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    turnUntil: row.turn_until.toISOString(),
    state: row.state as PlaceBatch['state'],
    fromTransfer: row.from_transfer,
  };
}

/**
 * A page of the free places base, newest first, within the caller's scope and the filter: one
 * row more than asked, to tell whether there is a next page.
 */
export function placeBatchPage(
  db: Db,
  user: SignedInUser,
  filter: z.infer<typeof placeQuerySchema>,
) {
  const { kindergartenId, groupYear, language, type, state, addedFrom, addedTo, limit, cursor } =
    filter;
  let query = batchRows(db);
  // Staff see their kindergartens, officers their districts, administrators everything.
  if (!user.roles.includes('admin')) {
    const kindergartens = user.roles.includes('staff') ? user.kindergartenIds : [];
    const districts = user.roles.includes('officer') ? user.districtIds : [];
    query = query.where((eb) =>
      eb.or([
        eb('b.kindergarten_id', 'in', kindergartens.length ? kindergartens : [-1]),
        eb('b.district_id', 'in', districts.length ? districts : [-1]),
      ]),
    );
  }
  if (kindergartenId !== undefined) query = query.where('b.kindergarten_id', '=', kindergartenId);
  if (groupYear !== undefined) query = query.where('b.group_year', '=', groupYear);
  if (language !== undefined) query = query.where('b.language', '=', language);
  if (type !== undefined) query = query.where('k.type', '=', type);
  if (state !== undefined) query = query.where('b.state', '=', state);
  if (addedFrom !== undefined)
    query = query.where('b.created_at', '>=', startOfLocalDay(addedFrom));
  if (addedTo !== undefined) query = query.where('b.created_at', '<=', endOfLocalDay(addedTo));
  const after = idCursor(cursor);
  if (after !== undefined) query = query.where('b.id', '<', after);
  return query
    .orderBy('b.id', 'desc')
    .limit(limit + 1)
    .execute();
}
