import type { Db } from '../db/connection.ts';
import { SWEEP_BOUNDS, deleteClaimedBatches, type SweepBounds } from '../db/sweep.ts';

/**
 * Deletes the sessions past their expiry. Sessions live by the wall clock (session-store.ts), so
 * `now` here is the wall clock's, not the business clock's.
 */
export function sweepExpiredSessions(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  return deleteClaimedBatches(
    db,
    { table: 'sessions', key: 'sid', stale: (eb) => eb('expires_at', '<=', now) },
    bounds,
  );
}
