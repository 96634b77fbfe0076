import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
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
 * Runs `deliverDue` now and then every `intervalMs` until stopped. Passes never overlap: the next
 * one is scheduled only when the previous one has finished (a chain of timeouts, not an interval).
 * The timers do not keep the process alive. Returns `stop()`, which resolves once a pass that is
 * under way has finished.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): () => Promise<void> {
  const { db, transports, clock, intervalMs } = options;
  const batchSize = options.batchSize ?? 50;
  const onError =
    options.onError ?? ((error: unknown) => console.error('kezek: outbox delivery failed', error));
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(pass, delayMs);
    timer.unref();
  };

  function pass(): void {
    timer = null;
    running = (async () => {
      let full = false;
      try {
        const result = await deliverDue(db, transports, clock.now(), {
          batchSize,
          maxAttempts: options.maxAttempts,
          leaseMs: options.leaseMs,
        });
        const handled = result.sent + result.retried + result.failed;
        full = handled >= batchSize;
        if (handled > 0) options.onDelivered?.(result);
      } catch (error) {
        onError(error);
      } finally {
        running = null;
        schedule(full ? 0 : intervalMs);
      }
    })();
  }

  schedule(0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    await running;
  };
}
