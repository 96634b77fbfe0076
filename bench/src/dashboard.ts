import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { makeIin } from '@kezek/domain';
import type { Db } from '../../server/src/db/connection.ts';
import { countWaitingQueue, monthOf } from '../../server/src/dashboard/summaries.ts';
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
  // The medians the summariser keeps with the histogram: per district and for every district.
  for (const scope of ['district', 'region', 'all'] as const)
    await sql`insert into dashboard_turn_medians (month, district_id, group_year, turns, median_days)
      select month, district_id, group_year, turns, median
        from (${histogramMedians(sql<boolean>`true`, scope)}) m`.execute(db);
  await sql`insert into dashboard_kindergarten_events (month, district_id, kindergarten_id, kind, count)
    select month, k.district_id, k.id, 'refused', (random() * 3)::int
      from kindergartens k, ${everyMonth} where random() < 0.3`.execute(db);
  await sql`analyze dashboard_queue, dashboard_events, dashboard_turn_waits, dashboard_turn_medians,
    dashboard_kindergarten_events`.execute(db);
  return { queueCountMs };
}

/**
 * GET /api/dashboard over HTTP, one at a time: an administrator's (every district, or one) and an
 * officer's of one district, over 12, 24 or 36 months at random.
 */
export async function measureDashboard(
  db: Db,
  server: BenchServer,
  districtIds: readonly number[],
  adminUserId: number,
  samples: number,
  seed: number,
) {
  const now = new Date();
  const { queueCountMs } = await fillSummaries(db, now);
  const officer = await db
    .insertInto('users')
    .values({
      iin: makeIin('1970-01-01', 'male', 9004),
      full_name: 'Bench Officer',
      roles: ['officer'],
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_districts')
    .values({ user_id: officer.id, district_id: districtIds[0]! })
    .execute();
  const [adminCookie, officerCookie] = await server.sessionsFor([adminUserId, officer.id]);
  const random = seededRandom(seed);
  const pick = () => {
    const months = [12, 24, 36][Math.floor(random() * 3)]!;
    const roll = random();
    if (roll < 0.4) return { url: `/api/dashboard?months=${months}`, cookie: adminCookie! };
    if (roll < 0.6) {
      const district = districtIds[Math.floor(random() * districtIds.length)]!;
      return {
        url: `/api/dashboard?months=${months}&districtId=${district}`,
        cookie: adminCookie!,
      };
    }
    return { url: `/api/dashboard?months=${months}`, cookie: officerCookie! };
  };
  const get = async ({ url, cookie }: { url: string; cookie: string }) => {
    const response = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  };
  const { p50Ms, p99Ms } = await sequentialLatencies(pick, get, samples, 20);
  return {
    dashboardSamples: samples,
    dashboardQueueCountMs: queueCountMs,
    dashboardP50Ms: p50Ms,
    dashboardP99Ms: p99Ms,
  };
}
