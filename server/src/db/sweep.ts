/**
 * The tables that would only grow — expired sessions, used nonces past their expiry, uploads never
 * attached — are swept by the deadline jobs in bounded batches: each statement deletes at most
 * `batch` rows (claimed with SKIP LOCKED, so instances sweeping at once share the work instead of
 * waiting on each other), and one run stops after `maxBatches` statements; the next run goes on.
 * No statement holds a long lock or writes a huge WAL record, however much has piled up.
 */
export interface SweepBounds {
  batch: number;
  maxBatches: number;
}

export const SWEEP_BOUNDS: SweepBounds = { batch: 1000, maxBatches: 100 };

/** Runs `deleteBatch` (at most `limit` rows each) until a batch comes back short or the cap. */
export async function inBatches(
  bounds: SweepBounds,
  deleteBatch: (limit: number) => Promise<bigint | number>,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < bounds.maxBatches; i += 1) {
    const count = Number(await deleteBatch(bounds.batch));
    deleted += count;
    if (count < bounds.batch) break;
  }
  return deleted;
}
