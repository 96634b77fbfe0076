import type { z } from 'zod';
import type { Refusal, refusalQuerySchema } from '@kezek/contracts';
import { inScope, type Scope } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';
import { idCursor, pageById } from '../http/paging.ts';
import { refusalRows, toRefusal } from './view.ts';

/** A refusal as the officer and the kindergarten see it. */
export async function refusalById(db: Db, id: string): Promise<Refusal> {
  return toRefusal(await refusalRows(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}

/**
 * A page of the refusals of a scope's districts with one status: pending ones oldest first (the
 * officer works through them in order), decided ones newest first; with the cursor of the next.
 */
export async function refusalPage(
  db: Db,
  scope: Scope,
  { status, districtId, limit, cursor }: z.infer<typeof refusalQuerySchema>,
): Promise<{ items: Refusal[]; nextCursor: string | null }> {
  const after = idCursor(cursor);
  const oldestFirst = status === 'pending';
  let query = refusalRows(db)
    .where('r.status', '=', status)
    .where(inScope(scope, { district: 'r.district_id' }));
  if (districtId !== undefined) query = query.where('r.district_id', '=', districtId);
  if (after !== undefined) query = query.where('r.id', oldestFirst ? '>' : '<', after);
  const rows = await query
    .orderBy('r.id', oldestFirst ? 'asc' : 'desc')
    .limit(limit + 1)
    .execute();
  return pageById(rows, limit, toRefusal);
}
