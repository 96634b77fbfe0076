import { performance } from 'node:perf_hooks';
import { Cron } from 'croner';
import { systemClock, type Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { remindInterest, removeLapsedInterest } from './interest.ts';
import { endTurnWindows } from './turns.ts';
import { decideFreeChoiceRounds } from './free-choice.ts';
import { endStopLists, expireDirections } from './directions.ts';
import { sweepUsedNonces } from '../eds/nonces.ts';
import { sweepSigningRequests } from '../mobile-sign/queries.ts';
import { renumberQueues } from './queue-numbers.ts';
import { sweepUnattachedUploads } from '../applications/attachments.ts';
import { sweepExpiredSessions } from './housekeeping.ts';
import { sweepSignInFailures } from '../auth/sign-in-backoff.ts';
import { refreshDashboard } from '../dashboard/summaries.ts';

export interface JobsResult {
  turnsLapsed: number;
  freeChoiceRequestsDecided: number;
  directionsExpired: number;
  stopListsEnded: number;
  interestReminders: number;
  interestLapsed: number;
  usedNoncesForgotten: number;
  signingRequestsForgotten: number;
  uploadsForgotten: number;
  sessionsForgotten: number;
  signInFailuresForgotten: number;
  queuesRenumbered: number;
  /** The history rows the dashboard's summaries took in (docs/dashboard.md). */
  historyRowsSummarised: number;
  /** 1 when the waiting queue was counted for the dashboard, else 0. */
  queueCounts: number;
}

/** The address on the papers of directions a job issues when the caller names none (tests). */
const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

/**
 * Every deadline job once, by the injected clock. Deadlines are stored as instants, so a job is
 * a sweep for rows past theirs: idempotent, and safe on any number of instances at once. Last,
 * the queues the sweeps (or anything before) changed are renumbered, as the numbering worker
 * would do within a second. Housekeeping (jobs/housekeeping.ts) deletes, in bounded batches, what
 * is past its use: used nonces, uploads never attached and — by the wall clock that sessions live
 * by — expired sessions. Last, the dashboard's summaries take in the history written since.
 */
export async function runDueJobs(
  db: Db,
  clock: Clock,
  wallClock: Clock = systemClock,
  publicUrl: string = DEFAULT_PUBLIC_URL,
): Promise<JobsResult> {
  const now = clock.now();
  return {
    turnsLapsed: await endTurnWindows(db, now),
    freeChoiceRequestsDecided: await decideFreeChoiceRounds(db, now, publicUrl),
    directionsExpired: await expireDirections(db, now),
    stopListsEnded: await endStopLists(db, now),
    interestReminders: await remindInterest(db, now),
    interestLapsed: await removeLapsedInterest(db, now),
    usedNoncesForgotten: await sweepUsedNonces(db, now),
    signingRequestsForgotten: await sweepSigningRequests(db, now),
    uploadsForgotten: await sweepUnattachedUploads(db, now),
    sessionsForgotten: await sweepExpiredSessions(db, wallClock.now()),
    signInFailuresForgotten: await sweepSignInFailures(db, now),
    queuesRenumbered: await renumberQueues(db),
    // Last: the summaries take in what every job before wrote.
    ...(await refreshDashboard(db, now)),
  };
}

/** How a scheduled run of the sweeps ended, and how long it took (GET /metrics). */
export interface JobsRun {
  ok: boolean;
  seconds: number;
}

/**
 * Runs the sweeps every minute; a run that is still going makes the next one wait (protect).
 * `onRun` hears how each run ended.
 */
export function scheduleJobs(
  db: Db,
  clock: Clock,
  onError: (error: unknown) => void,
  publicUrl: string = DEFAULT_PUBLIC_URL,
  onRun: (run: JobsRun) => void = () => {},
): () => void {
  const job = new Cron('* * * * *', { protect: true, catch: onError }, async () => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      await runDueJobs(db, clock, systemClock, publicUrl);
    } catch (error) {
      onRun({ ok: false, seconds: seconds() });
      throw error;
    }
    onRun({ ok: true, seconds: seconds() });
  });
  return () => job.stop();
}
