import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { DashboardEventKind } from '../db/schema.ts';

/**
 * The dashboard's reads (docs/dashboard.md): each a range of the summaries of migration 0046 (or
 * of the open place batches), over the months `from`..`to` and the districts asked for (null:
 * every district, an administrator's). None reads the applications or the history.
 */
export interface DashboardPeriod {
  from: string;
  to: string;
  /** null: every district. */
  districtIds: readonly number[] | null;
}

const inDistricts = (column: string, ids: readonly number[] | null): RawBuilder<boolean> =>
  ids === null
    ? sql<boolean>`true`
    : ids.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`${sql.ref(column)} in (${sql.join([...ids])})`;

/**
 * The waiting queue of each month counted, three ways at once: by group year, by class and by
 * district (grouping sets: the other two columns null in each row).
 */
export async function queueCounts(db: Db, period: DashboardPeriod) {
  const { rows } = await sql<{
    month: string;
    group_year: number | null;
    queue_class: string | null;
    district_id: number | null;
    waiting: number;
  }>`select month, group_year, queue_class, district_id, sum(waiting)::int as waiting
       from dashboard_queue
      where month between ${period.from} and ${period.to}
        and ${inDistricts('district_id', period.districtIds)}
      group by grouping sets ((month), (month, group_year), (month, queue_class), (month, district_id))
      order by month`.execute(db);
  return rows;
}

/** Places released and directions issued, expired, revoked, refused, enrolled: per month. */
export async function eventCounts(db: Db, period: DashboardPeriod) {
  return db
    .selectFrom('dashboard_events')
    .select(['month', 'kind', sql<number>`sum(count)::int`.as('count')])
    .where('month', '>=', period.from)
    .where('month', '<=', period.to)
    .where(inDistricts('district_id', period.districtIds))
    .groupBy(['month', 'kind'])
    .execute() as Promise<{ month: string; kind: DashboardEventKind; count: number }[]>;
}

/**
 * Whose medians dashboard_turn_medians keeps, as its district_id column: each district's (its
 * id), each region's districts together (minus the region's id) and every district's (0).
 */
export type MedianScope = 'district' | 'region' | 'all';
const SCOPE_KEY: Record<MedianScope, RawBuilder<number>> = {
  district: sql`district_id`,
  region: sql`-(select d.region_id from districts d where d.id = district_id)`,
  all: sql`0`,
};

/**
 * The median wait, in days from registration to the turn, of the turns in the histogram rows
 * `where` (dashboard_turn_waits), per month and group year and per `scope` (the district_id
 * column: MedianScope): the mean of the two middle waits of an even number of turns.
 */
export function histogramMedians(where: RawBuilder<boolean>, scope: MedianScope) {
  return sql<{
    month: string;
    district_id: number;
    group_year: number;
    turns: number;
    median: number;
  }>`with waits as (
      select month, ${SCOPE_KEY[scope]} as district_id, group_year, wait_days,
             sum(turns) as n
        from dashboard_turn_waits where ${where}
       group by 1, 2, 3, 4),
    running as (
      select month, district_id, group_year, wait_days,
             sum(n) over (partition by month, district_id, group_year order by wait_days) as below,
             sum(n) over (partition by month, district_id, group_year) as total
        from waits)
    select month, district_id, group_year, max(total)::int as turns,
           ((min(wait_days) filter (where below >= floor((total + 1) / 2))
             + min(wait_days) filter (where below >= floor(total / 2) + 1)) / 2.0)::float8 as median
      from running
     group by month, district_id, group_year
    having max(total) > 0`;
}

/**
 * The median wait to a turn of each month and group year: kept per district, per region and for
 * every district (dashboard_turn_medians); from the histogram for any other choice of districts.
 */
export async function medianWaits(db: Db, period: DashboardPeriod) {
  const ids = period.districtIds;
  const kept = ids === null ? 0 : ids.length === 1 ? ids[0]! : await wholeRegion(db, ids);
  if (kept !== null) {
    return db
      .selectFrom('dashboard_turn_medians')
      .select(['month', 'group_year', 'turns', 'median_days as median'])
      .where('district_id', '=', kept)
      .where('month', '>=', period.from)
      .where('month', '<=', period.to)
      .orderBy('month')
      .orderBy('group_year')
      .execute();
  }
  const { rows } = await sql<{ month: string; group_year: number; turns: number; median: number }>`
    select month, group_year, turns, median from (${histogramMedians(
      sql<boolean>`month between ${period.from} and ${period.to}
        and ${inDistricts('district_id', ids)}`,
      'all',
    )}) m order by month, group_year`.execute(db);
  return rows;
}

/** Minus the region whose districts are exactly `ids` (its key among the medians), or null. */
async function wholeRegion(db: Db, ids: readonly number[]): Promise<number | null> {
  const { rows } = await sql<{ region_id: number }>`
    select region_id from districts d group by region_id
    having count(*) filter (where d.id in (${sql.join([...ids])})) = ${ids.length}
       and count(*) = ${ids.length}`.execute(db);
  return rows[0] ? -rows[0].region_id : null;
}

/** The directions each kindergarten refused in the period (confirmed by the department). */
export async function refusalsByKindergarten(db: Db, period: DashboardPeriod) {
  return db
    .selectFrom('dashboard_kindergarten_events as e')
    .innerJoin('kindergartens as k', 'k.id', 'e.kindergarten_id')
    .select(['k.id', 'k.name_kk', 'k.name_ru', sql<number>`sum(e.count)::int`.as('count')])
    .where('e.month', '>=', period.from)
    .where('e.month', '<=', period.to)
    .where('e.kind', '=', 'refused')
    .where(inDistricts('e.district_id', period.districtIds))
    .groupBy(['k.id', 'k.name_kk', 'k.name_ru'])
    .orderBy(sql`sum(e.count)`, 'desc')
    .orderBy('k.id')
    .execute();
}

/** The free places of each kindergarten now: the open batches (index place_batches_open). */
export async function freePlacesByKindergarten(db: Db, districtIds: readonly number[] | null) {
  return db
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select(['k.id', 'k.name_kk', 'k.name_ru', sql<number>`sum(b.free)::int`.as('count')])
    .where('b.free', '>', 0)
    .where(inDistricts('b.district_id', districtIds))
    .groupBy(['k.id', 'k.name_kk', 'k.name_ru'])
    .orderBy(sql`sum(b.free)`, 'desc')
    .orderBy('k.id')
    .execute();
}

/** The districts a caller may choose from (null: every district). */
export async function dashboardDistricts(db: Db, districtIds: readonly number[] | null) {
  return db
    .selectFrom('districts')
    .select(['id', 'name_kk', 'name_ru', 'name_en'])
    .where(inDistricts('id', districtIds))
    .orderBy('id')
    .execute();
}

/** How current the summaries are. */
export async function dashboardState(db: Db) {
  return db
    .selectFrom('dashboard_state')
    .select(['summarised_at', 'queue_taken_at'])
    .executeTakeFirstOrThrow();
}
