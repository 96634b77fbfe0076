import { sql } from 'kysely';
import { maskIin } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { tooManyRequests } from '../problem.ts';
import { SWEEP_BOUNDS, deleteClaimedBatches, type SweepBounds } from '../db/sweep.ts';

/**
 * Password guessing spread over many addresses. The per-address limit (http/limits.ts) does not
 * see twelve addresses trying one administrator's IIN; this counts the wrong passwords of an IIN
 * wherever they come from, in the database that every instance shares. The first few are free (a
 * mistyped password); after them each failure makes the next attempt for the IIN wait — 1 s, 2 s,
 * 4 s … at most 5 minutes — and an attempt during the wait is answered `429 sign_in_delayed` with
 * `Retry-After`, before the password is even looked at. It is a delay, never a lock: the real user
 * waits at most a few minutes, and a right password after the wait signs in and clears the count.
 */
export const SIGN_IN_BACKOFF = {
  /** Wrong passwords of an IIN before the first wait. */
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  /** A count untouched this long is forgotten (jobs/housekeeping.ts). */
  forgetAfterMs: 24 * 3_600_000,
} as const;

/** What the backoff needs of a sign-in: the database, the moment and a log. */
export interface SignInAttempt {
  db: Db;
  now: Date;
  log: { warn(fields: object, message: string): void };
}

/** The wait after the `failures`-th wrong password: none for the free ones, then doubling. */
export function delayAfter(failures: number): number {
  const over = failures - SIGN_IN_BACKOFF.freeFailures;
  if (over < 0) return 0;
  return Math.min(
    SIGN_IN_BACKOFF.maxDelayMs,
    SIGN_IN_BACKOFF.firstDelayMs * 2 ** Math.min(over, 20),
  );
}

const delayed = (waitMs: number) =>
  tooManyRequests(
    'sign_in_delayed',
    'Too many wrong passwords for this IIN: wait before trying again',
    waitMs / 1000,
  );

/** Throws 429 `sign_in_delayed` while the IIN has to wait; logs it (the IIN masked). */
export async function checkSignInDelay(attempt: SignInAttempt, iin: string): Promise<void> {
  const { db, now } = attempt;
  const row = await db
    .selectFrom('sign_in_failures')
    .select(['failures', 'not_before'])
    .where('iin', '=', iin)
    .executeTakeFirst();
  if (!row || row.not_before <= now) return;
  const waitMs = row.not_before.getTime() - now.getTime();
  attempt.log.warn(
    { iin: maskIin(iin), failures: row.failures, waitSeconds: Math.ceil(waitMs / 1000) },
    'password sign-in delayed',
  );
  throw delayed(waitMs);
}

/** Counts a wrong password for the IIN and starts its wait; logs a wait that starts. */
export async function recordSignInFailure(attempt: SignInAttempt, iin: string): Promise<void> {
  const { db, now } = attempt;
  const row = await db
    .insertInto('sign_in_failures')
    .values({ iin, failures: 1, not_before: now, last_failed_at: now })
    .onConflict((oc) =>
      oc.column('iin').doUpdateSet({
        failures: sql<number>`sign_in_failures.failures + 1`,
        last_failed_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const waitMs = delayAfter(row.failures);
  if (waitMs === 0) return;
  await db
    .updateTable('sign_in_failures')
    .set({ not_before: new Date(now.getTime() + waitMs) })
    .where('iin', '=', iin)
    .execute();
  attempt.log.warn(
    { iin: maskIin(iin), failures: row.failures, waitSeconds: waitMs / 1000 },
    'password sign-in of an IIN delayed after wrong passwords',
  );
}

/** A right password: the IIN's count starts again. */
export async function clearSignInFailures(db: Db, iin: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('iin', '=', iin).execute();
}

/** Forgets the counts untouched for a day whose wait is over, in bounded batches. */
export function sweepSignInFailures(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  const before = new Date(now.getTime() - SIGN_IN_BACKOFF.forgetAfterMs);
  return deleteClaimedBatches(
    db,
    {
      table: 'sign_in_failures',
      key: 'iin',
      stale: (eb) => eb.and([eb('last_failed_at', '<', before), eb('not_before', '<=', now)]),
    },
    bounds,
  );
}
