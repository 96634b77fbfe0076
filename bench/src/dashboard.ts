import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { makeIin } from '@kezek/domain';
import type { Db } from '../../server/src/db/connection.ts';
import {
  countWaitingQueue,
  keepDistrictSets,
  monthOf,
} from '../../server/src/dashboard/summaries.ts';
import { histogramMedians } from '../../server/src/dashboard/queries.ts';
import { round, sequentialLatencies } from './percentiles.ts';
import { seededRandom } from './random.ts';
import type { BenchServer } from './server.ts';

/** Months of summaries behind the current one: the longest period the dashboard shows. */
const MONTHS = 36;
/** Distinct waits (whole days) of the turns of a district, group year and month. */
const WAITS_PER_QUEUE_MONTH = 120;

/**
 * Three years of the dashboard's summaries for the generated country (migration 0046), as the
 * deadline jobs would have kept them: the waiting queue counted for real (the jobs' own count,
 * timed: what a count costs at this size) and copied back over the earlier months; per month,
 * district and group year the events and WAITS_PER_QUEUE_MONTH distinct waits to a turn (and
 * their medians); each kindergarten's refusals of each month.
 */
export async function fillSummaries(db: Db, now: Date): Promise<{ queueCountMs: number }> {
  const start = performance.now();
  await countWaitingQueue(db, now);
  const queueCountMs = round(performance.now() - start);
  const months = sql`(select to_char(date_trunc('month', ${now}::timestamptz at time zone 'UTC')
      - make_interval(months => m), 'YYYY-MM') as month
      from generate_series(1, ${MONTHS}) m) months`;
  const current = monthOf(now);
  await sql`insert into dashboard_queue (month, district_id, group_year, queue_class, waiting)
    select months.month, q.district_id, q.group_year, q.queue_class,
        greatest(0, q.waiting - (random() * 50)::int)
      from dashboard_queue q, ${months} where q.month = ${current}`.execute(db);
  const queues = sql`(select distinct district_id, group_year from dashboard_queue) q`;
  const everyMonth = sql`(select to_char(date_trunc('month', ${now}::timestamptz at time zone 'UTC')
      - make_interval(months => m), 'YYYY-MM') as month
      from generate_series(0, ${MONTHS}) m) months`;
  await sql`insert into dashboard_events (month, district_id, group_year, kind, count)
    select month, district_id, group_year, kind, (random() * 200)::int
      from ${queues}, ${everyMonth},
           unnest(array['released', 'issued', 'expired', 'revoked', 'refused', 'enrolled']) kind`.execute(
    db,
  );
  await sql`insert into dashboard_turn_waits (month, district_id, group_year, wait_days, turns)
    select month, district_id, group_year, w * 5 + (random() * 4)::int, 1 + (random() * 5)::int
      from ${queues}, ${everyMonth}, generate_series(0, ${WAITS_PER_QUEUE_MONTH - 1}) w`.execute(
    db,
  );
  // The medians the summariser keeps with the histogram: per district, region and every district.
  for (const scope of ['district', 'region', 'all'] as const)
    await sql`insert into dashboard_turn_medians (month, district_id, group_year, turns, median_days)
      select month, scope_key, group_year, turns, median
        from (${histogramMedians(sql<boolean>`true`, scope)}) m`.execute(db);
  await sql`insert into dashboard_kindergarten_events (month, district_id, kindergarten_id, kind, count)
    select month, k.district_id, k.id, 'refused', (random() * 3)::int
      from kindergartens k, ${everyMonth} where random() < 0.3`.execute(db);
  await sql`analyze dashboard_queue, dashboard_events, dashboard_turn_waits, dashboard_turn_medians,
    dashboard_kindergarten_events`.execute(db);
  return { queueCountMs };
}

/** An officer of these districts, signed in: their session cookie. */
async function officerOf(db: Db, server: BenchServer, serial: number, districts: number[]) {
  const now = new Date();
  const officer = await db
    .insertInto('users')
    .values({
      iin: makeIin('1970-01-01', 'male', serial),
      full_name: `Bench Officer ${serial}`,
      roles: ['officer'],
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_districts')
    .values(districts.map((district_id) => ({ user_id: officer.id, district_id })))
    .execute();
  return (await server.sessionsFor([officer.id]))[0]!;
}

/**
 * GET /api/dashboard over HTTP, one at a time, over 12, 24 or 36 months at random: an
 * administrator's (every district, or one), an officer's of one district and of the whole region
 * (the bench country is one region): `dashboardP99Ms`. Apart, an officer's of four districts of
 * the twenty (`dashboardFourDistrictsP99Ms`), whose set the jobs' own function keeps before
 * (docs/dashboard.md; its three years of medians worked out from the histogram, timed:
 * `dashboardSetKeptMs`).
 */
export async function measureDashboard(
  db: Db,
  server: BenchServer,
  districtIds: readonly number[],
  adminUserId: number,
  samples: number,
  seed: number,
) {
  const { queueCountMs } = await fillSummaries(db, new Date());
  const [adminCookie] = await server.sessionsFor([adminUserId]);
  const oneDistrict = await officerOf(db, server, 9004, [districtIds[0]!]);
  const region = await officerOf(db, server, 9006, [...districtIds]);
  const fourDistricts = await officerOf(db, server, 9008, districtIds.slice(0, 4));
  const keepStart = performance.now();
  await keepDistrictSets(db);
  const setKeptMs = round(performance.now() - keepStart);
  await sql`analyze dashboard_district_sets, dashboard_set_medians`.execute(db);
  const random = seededRandom(seed);
  const months = () => [12, 24, 36][Math.floor(random() * 3)]!;
  const pick = () => {
    const roll = random();
    const url = `/api/dashboard?months=${months()}`;
    if (roll < 0.3) return { url, cookie: adminCookie! };
    if (roll < 0.5) {
      const district = districtIds[Math.floor(random() * districtIds.length)]!;
      return { url: `${url}&districtId=${district}`, cookie: adminCookie! };
    }
    return { url, cookie: roll < 0.75 ? oneDistrict : region };
  };
  const get = async ({ url, cookie }: { url: string; cookie: string }) => {
    const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  };
  const { p50Ms, p99Ms } = await sequentialLatencies(pick, get, samples, 20);
  const several = await sequentialLatencies(
    () => ({ url: `/api/dashboard?months=${months()}`, cookie: fourDistricts }),
    get,
    samples / 3,
    5,
  );
  return {
    dashboardSamples: samples,
    dashboardQueueCountMs: queueCountMs,
    dashboardSetKeptMs: setKeptMs,
    dashboardP50Ms: p50Ms,
    dashboardP99Ms: p99Ms,
    dashboardFourDistrictsP50Ms: several.p50Ms,
    dashboardFourDistrictsP99Ms: several.p99Ms,
  };
}
