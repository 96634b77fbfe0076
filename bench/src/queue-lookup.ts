import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import { queueNumbers } from '../../server/src/applications/queue.ts';
import { percentile, round } from './percentiles.ts';
import { seededRandom } from './random.ts';

/** Queue-number lookups of random applications, in-process, exactly as the API computes them. */
export async function measureQueueLookup(db: Db, regionId: number, samples: number, seed: number) {
  const random = seededRandom(seed);
  const ids = await sql<{
    id: string;
  }>`select id from applications where region_id = ${regionId} order by id`.execute(db);
  const pick = () => ids.rows[Math.floor(random() * ids.rows.length)]!.id;
  const warmUp = Array.from({ length: 500 }, pick);
  const picked = Array.from({ length: samples }, pick);
  // A running server is warm: its index pages are cached and its connections have prepared plans.
  for (const id of warmUp) await queueNumbers(db, id);
  const times: number[] = [];
  for (const id of picked) {
    const start = performance.now();
    await queueNumbers(db, id);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { samples, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}
