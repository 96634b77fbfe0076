import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { TimedResult } from './load/tasks.ts';
import { percentile, round } from './percentiles.ts';
import type { BenchServer } from './server.ts';

const BATCHES = 200;
const PLACES_PER_BATCH = 50;
const GROUP_YEARS = [2021, 2022, 2023, 2024];
/** Releases in flight at once: staff of several kindergartens pressing "save" that morning. */
const CONCURRENCY = 4;

/**
 * The morning places open: 10 000 places in 200 batches of 50, at 200 state kindergartens of every
 * district, each saved over HTTP (`POST /api/places`) with the turns it gives in its transaction.
 * The time is from the first request until the last turn is assigned.
 */
export async function measureRelease(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  regionId: number,
  adminUserId: number,
) {
  const kindergartens = (
    await sql<{ id: number }>`
      select k.id from kindergartens k join districts d on d.id = k.district_id
      where d.region_id = ${regionId} and k.type = 'state' order by k.id limit ${BATCHES}`.execute(
      db,
    )
  ).rows;
  const [cookie] = await server.sessionsFor([adminUserId]);
  const result = await load.run<TimedResult>({
    kind: 'release',
    baseUrl: server.baseUrl,
    cookie: cookie!,
    concurrency: CONCURRENCY,
    batches: kindergartens.map((k, i) => ({
      kindergartenId: k.id,
      groupYear: GROUP_YEARS[i % GROUP_YEARS.length]!,
      language: 'kk',
      count: PLACES_PER_BATCH,
    })),
  });
  if (result.byStatus['201'] !== kindergartens.length)
    throw new Error(`release: ${JSON.stringify(result.byStatus)}`);
  return {
    places: kindergartens.length * PLACES_PER_BATCH,
    batches: kindergartens.length,
    turns: result.turns ?? 0,
    releaseMs: round(result.wallMs, 0),
    batchP99Ms: round(percentile(result.times, 99)),
  };
}
