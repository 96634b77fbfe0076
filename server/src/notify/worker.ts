import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { repeatPasses } from '../repeat-passes.ts';
import { deliverDue, type DeliverOptions, type DeliveryResult } from './deliver.ts';
import type { Transports } from './transports.ts';

export interface OutboxWorkerOptions extends DeliverOptions {
  db: Db;
  transports: Transports;
  clock: Clock;
  /** The pause between two passes; a pass that filled its batch is followed at once by another. */
  intervalMs: number;
  /** A pass that threw (database down, …); the worker carries on at the next interval. */
  onError?: (error: unknown) => void;
  /** After each pass that did something. */
  onDelivered?: (result: DeliveryResult) => void;
}

/**
 * Runs `deliverDue` now and then every `intervalMs` until stopped (repeatPasses: passes never
 * overlap, the timers do not keep the process alive). Returns `stop()`, which resolves once a
 * pass that is under way has finished.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): () => Promise<void> {
  const { db, transports, clock, intervalMs } = options;
  const batchSize = options.batchSize ?? 50;
  const onError =
    options.onError ?? ((error: unknown) => console.error('kezek: outbox delivery failed', error));
  return repeatPasses(
    async () => {
      const result = await deliverDue(db, transports, clock.now(), {
        batchSize,
        maxAttempts: options.maxAttempts,
        leaseMs: options.leaseMs,
        onFailure: options.onFailure,
      });
      const handled = result.sent + result.retried + result.failed;
      if (handled > 0) options.onDelivered?.(result);
      return handled >= batchSize ? 0 : intervalMs;
    },
    onError,
    intervalMs,
  );
}
