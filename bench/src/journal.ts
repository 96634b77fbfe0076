import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import type { LoadGenerator } from './load/driver.ts';
import type { ThroughputResult, TimedResult } from './load/tasks.ts';
import { percentile, round } from './percentiles.ts';
import { seededRandom } from './random.ts';
import type { BenchServer } from './server.ts';

const SESSIONS = 2000;
const CONNECTIONS = 32;

/** Applicants picked at random, with one of their applications each. */
async function sampleApplicants(db: Db, regionId: number, count: number, seed: number) {
  const random = seededRandom(seed);
  const rows = (
    await sql<{ id: string; applicant_user_id: number }>`
      select id, applicant_user_id from applications where region_id = ${regionId}`.execute(db)
  ).rows;
  return Array.from({ length: count }, () => rows[Math.floor(random() * rows.length)]!);
}

/**
 * The journal (`GET /api/applications` of signed-in applicants) against the floor of this stack
 * (`/bench/bare/:id`), both over HTTP from the load generator with the same connections, and the
 * queue number over HTTP (`GET /api/applications/:id`, one request at a time).
 */
export async function measureHttp(
  db: Db,
  server: BenchServer,
  load: LoadGenerator,
  regionId: number,
  seconds: number,
  seed: number,
) {
  const picked = await sampleApplicants(db, regionId, SESSIONS, seed);
  const cookies = await server.sessionsFor(picked.map((p) => p.applicant_user_id));
  const common = { baseUrl: server.baseUrl, connections: CONNECTIONS, seconds };
  const bare = await load.run<ThroughputResult>({
    kind: 'throughput',
    ...common,
    paths: picked.map((p) => `/bench/bare/${p.id}`),
    cookies: [],
  });
  const journal = await load.run<ThroughputResult>({
    kind: 'throughput',
    ...common,
    paths: ['/api/applications'],
    cookies,
  });
  const lookups = await load.run<TimedResult>({
    kind: 'latency',
    baseUrl: server.baseUrl,
    requests: picked.slice(0, 1000).map((p, i) => ({
      path: `/api/applications/${p.id}`,
      cookie: cookies[i]!,
    })),
  });
  if (lookups.byStatus['200'] !== lookups.times.length)
    throw new Error(`queue-number lookups over HTTP: ${JSON.stringify(lookups.byStatus)}`);
  return {
    journalRps: round(journal.rps, 0),
    journalP99Ms: journal.p99Ms,
    journalNon2xx: journal.non2xx + journal.errors,
    bareRps: round(bare.rps, 0),
    bareNon2xx: bare.non2xx + bare.errors,
    journalVsBare: round(journal.rps / bare.rps, 3),
    queueNumberHttpP50Ms: round(percentile(lookups.times, 50)),
    queueNumberHttpP99Ms: round(percentile(lookups.times, 99)),
  };
}
