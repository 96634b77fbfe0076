import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import { percentile, round } from './percentiles.ts';
import { seededRandom } from './random.ts';
import type { BenchServer } from './server.ts';

/**
 * Pages of the public queue (GET /api/public/queue, 50 rows) over HTTP, one at a time, each of a
 * random queue of the region at a random depth: the largest queues' pages are as deep as any.
 */
export async function measurePublicQueue(
  db: Db,
  server: BenchServer,
  regionId: number,
  samples: number,
  seed: number,
) {
  const random = seededRandom(seed);
  const queues = (
    await sql<{ district_id: number; group_year: number; waiting: string }>`
      select q.district_id, q.group_year, count(*) as waiting from queue_numbers q
        join districts d on d.id = q.district_id where d.region_id = ${regionId}
       group by q.district_id, q.group_year`.execute(db)
  ).rows;
  const pick = () => {
    const queue = queues[Math.floor(random() * queues.length)]!;
    const depth = Math.floor(random() * Number(queue.waiting));
    return `${server.baseUrl}/api/public/queue?districtId=${queue.district_id}&groupYear=${queue.group_year}&limit=50${depth > 0 ? `&cursor=${depth}` : ''}`;
  };
  const get = async (url: string) => {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  };
  for (let i = 0; i < 50; i += 1) await get(pick());
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const url = pick();
    const start = performance.now();
    await get(url);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    samples,
    publicQueuePageP50Ms: round(percentile(times, 50)),
    publicQueuePageP99Ms: round(percentile(times, 99)),
  };
}
