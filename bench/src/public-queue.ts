import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import { sequentialLatencies } from './percentiles.ts';
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
  const { p50Ms, p99Ms } = await sequentialLatencies(pick, get, samples, 50);
  return {
    samples,
    publicQueuePageP50Ms: p50Ms,
    publicQueuePageP99Ms: p99Ms,
  };
}
