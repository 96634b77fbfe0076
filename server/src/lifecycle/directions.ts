import type { Updateable } from 'kysely';
import {
  DIRECTION_LIFECYCLE,
  type DirectionEvent,
  type DirectionMoveTarget,
  type DirectionStatus,
} from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { expectAllMoved } from './moved.ts';
import type { DirectionsTable } from '../db/schema.ts';

/**
 * Moves directions by one event of the domain's lifecycle, in the caller's transaction, setting
 * `columns` too (a new deadline); as `moveApplications` does for applications.
 */
export async function moveDirections<Event extends DirectionEvent>(
  trx: Trx,
  event: Event,
  ids: readonly string[],
  to: DirectionMoveTarget<Event>,
  columns: Omit<Updateable<DirectionsTable>, 'status'> = {},
): Promise<void> {
  if (ids.length === 0) return;
  const from = DIRECTION_LIFECYCLE[event].from as readonly DirectionStatus[];
  const moved = await trx
    .updateTable('directions')
    .set({ ...columns, status: to })
    .where('id', 'in', ids)
    .where('status', 'in', from)
    .returning('id')
    .execute();
  expectAllMoved('directions', event, ids, moved.length, from);
}
