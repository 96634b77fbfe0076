import { performance } from 'node:perf_hooks';
import type { Language } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import type { Transports } from './transports.ts';

export const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 6 * 60 * 60 * 1000;
/** How long a claimed row stays invisible to other workers while this one sends it. */
export const DEFAULT_LEASE_MS = 10 * 60 * 1000;
const MAX_ERROR_LENGTH = 500;

/** The wait after the n-th failed attempt: 1 min · 2^(n−1), at most 6 h (1, 2, 4 … 64 min). */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(failedAttempts - 1, 0), RETRY_CAP_MS);
}

export interface DeliverOptions {
  batchSize?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** Told of each failed attempt it recorded: tried again later, or failed for good (metrics). */
  onFailure?: (channel: 'email' | 'sms', outcome: 'retry' | 'failed') => void;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends the pending messages that are due at `now`; safe to run on several instances at once.
 *
 * Claim, then send, then record — never sending inside a transaction:
 * 1. A short transaction takes up to `batchSize` due rows `FOR UPDATE SKIP LOCKED` (rows another
 *    instance is claiming are skipped, not waited for) and leases them by moving `next_attempt_at`
 *    to `now + leaseMs`; in-app rows are marked sent right there. Commit.
 * 2. Each e-mail/SMS goes out with no transaction and no connection held: a slow SMTP server never
 *    blocks the database — which matters on PGlite, where a transaction holds the only
 *    connection and every HTTP request would wait behind it.
 * 3. Each outcome is written in its own statement, guarded by the lease (`next_attempt_at` still
 *    equal to ours): `sent` with `sent_at`, or one more attempt with the error and the backoff,
 *    or `failed` after `maxAttempts`. An outcome whose lease was lost is not written or counted.
 * If the process dies between 2 and 3 the lease runs out and the message is sent again: delivery
 * is at least once (as with any outbox); the Message-ID / Idempotency-Key carry the outbox id so
 * receivers can drop the duplicate. Sending stops after half the lease, and the unsent rest is
 * released at once, so a lease never expires under a live sender.
 */
export async function deliverDue(
  db: Db,
  transports: Transports,
  now: Date,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };

  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    const inapp = rows.filter((r) => r.channel === 'inapp').map((r) => r.id);
    const outgoing = rows.filter((r) => r.channel !== 'inapp');
    if (inapp.length > 0) {
      await trx
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: now, last_error: null })
        .where('id', 'in', inapp)
        .execute();
      result.sent += inapp.length;
    }
    if (outgoing.length > 0) {
      await trx
        .updateTable('outbox')
        .set({ next_attempt_at: leaseUntil })
        .where(
          'id',
          'in',
          outgoing.map((r) => r.id),
        )
        .execute();
    }
    return outgoing;
  });

  const started = performance.now();
  for (const [index, row] of claimed.entries()) {
    if (performance.now() - started > leaseMs / 2) {
      const rest = claimed.slice(index).map((r) => r.id);
      await db
        .updateTable('outbox')
        .set({ next_attempt_at: now })
        .where('id', 'in', rest)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', leaseUntil)
        .execute();
      break;
    }
    const ours = db
      .updateTable('outbox')
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', leaseUntil);
    const channel = row.channel === 'email' ? 'email' : 'sms';
    const transport = transports[channel];
    try {
      await transport.send({
        id: row.id,
        channel: row.channel as 'email' | 'sms',
        recipient: row.recipient,
        language: row.language as Language,
        subject: row.subject,
        body: row.body,
        createdAt: row.created_at,
      });
      const done = await ours
        .set({ status: 'sent', sent_at: now, last_error: null })
        .executeTakeFirst();
      if (done.numUpdatedRows > 0n) result.sent += 1;
    } catch (error) {
      const attempts = row.attempts + 1;
      const lastError = errorText(transport.name, error);
      if (attempts >= maxAttempts) {
        const done = await ours
          .set({ status: 'failed', attempts, last_error: lastError })
          .executeTakeFirst();
        if (done.numUpdatedRows > 0n) {
          result.failed += 1;
          options.onFailure?.(channel, 'failed');
        }
      } else {
        const next = new Date(now.getTime() + retryDelayMs(attempts));
        const done = await ours
          .set({ attempts, last_error: lastError, next_attempt_at: next })
          .executeTakeFirst();
        if (done.numUpdatedRows > 0n) {
          result.retried += 1;
          options.onFailure?.(channel, 'retry');
        }
      }
    }
  }
  return result;
}

/** Transports throw messages without secrets (DeliveryError); the length is bounded here. */
function errorText(transportName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = `${transportName}: ${message}`.replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
