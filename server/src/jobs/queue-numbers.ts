import { performance } from 'node:perf_hooks';
import { queuesBehind, renumberQueue } from '../applications/numbering.ts';
import type { Db } from '../db/connection.ts';
import { repeatPasses } from '../repeat-passes.ts';

/** Renumbers every queue with changes its stored numbers do not reflect; how many it renumbered. */
export async function renumberQueues(db: Db): Promise<number> {
  let renumbered = 0;
  for (const queue of await queuesBehind(db)) if (await renumberQueue(db, queue)) renumbered += 1;
  return renumbered;
}

export interface QueueNumberingOptions {
  db: Db;
  /** The pause between two passes, at least: the changes of that time are renumbered at once. */
  intervalMs: number;
  onError: (error: unknown) => void;
}

/**
 * Keeps the stored queue numbers current, starting with the queues that are behind at start: a
 * pass renumbers every queue changed since the last, and the next pass comes `intervalMs` after
 * it, or as long after as it worked — a burst of changes (a morning of registrations) costs the
 * renumbering half the time at most, while the journal counts the numbers of the queues behind.
 */
export function startQueueNumbering(options: QueueNumberingOptions): () => Promise<void> {
  return repeatPasses(
    async () => {
      const started = performance.now();
      await renumberQueues(options.db);
      return Math.max(options.intervalMs, performance.now() - started);
    },
    options.onError,
    options.intervalMs,
  );
}
