import type { Updateable } from 'kysely';
import {
  APPLICATION_LIFECYCLE,
  type ApplicationEvent,
  type ApplicationMoveTarget,
  type ApplicationStatus,
} from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { expectAllMoved } from './moved.ts';
import type { ApplicationsTable } from '../db/schema.ts';

/** Columns a move may set besides the status (the status and the change's instant are its own). */
export type MoveColumns = Omit<Updateable<ApplicationsTable>, 'status' | 'last_changed_at'>;

/**
 * Moves applications by one event of the domain's lifecycle, in the caller's transaction: each
 * must be in a status the event may happen in, and goes to `to`, one of the statuses the event
 * may lead to. The caller has locked the rows and decided (see expectAllMoved).
 */
export async function moveApplications<Event extends ApplicationEvent>(
  trx: Trx,
  event: Event,
  ids: readonly string[],
  to: ApplicationMoveTarget<Event>,
  now: Date,
  columns: MoveColumns = {},
): Promise<void> {
  if (ids.length === 0) return;
  const from = APPLICATION_LIFECYCLE[event].from as readonly ApplicationStatus[];
  const moved = await trx
    .updateTable('applications')
    .set({ ...columns, status: to, last_changed_at: now })
    .where('id', 'in', ids)
    .where('status', 'in', from)
    .returning('id')
    .execute();
  expectAllMoved('applications', event, ids, moved.length, from);
}
