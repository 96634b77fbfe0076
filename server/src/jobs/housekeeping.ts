import type { Db } from '../db/connection.ts';
import { SWEEP_BOUNDS, inBatches, type SweepBounds } from '../db/sweep.ts';

/**
 * Deletes the sessions past their expiry. Sessions live by the wall clock (session-store.ts), so
 * `now` here is the wall clock's, not the business clock's.
 */
export function sweepExpiredSessions(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  return inBatches(bounds, async (limit) => {
    const result = await db
      .deleteFrom('sessions')
      .where('sid', 'in', (eb) =>
        eb
          .selectFrom('sessions')
          .select('sid')
          .where('expires_at', '<=', now)
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .executeTakeFirst();
    return result.numDeletedRows;
  });
}
