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
 * Whose medians are kept, as the key of their rows: in dashboard_turn_medians (district_id) each
 * district's (its id), each region's districts together (minus the region's id) and every
 * district's (0); in dashboard_set_medians (set_id, migration 0047) each other set of districts an
 * officer has (dashboard_district_sets).
 */
export type MedianScope = 'district' | 'region' | 'all' | 'set';
const SCOPE_KEY: Record<MedianScope, RawBuilder<number>> = {
  district: sql`district_id`,
  region: sql`-(select d.region_id from districts d where d.id = district_id)`,
  all: sql`0`,
  set: sql`s.id`,
};

/** The histogram's rows; for the sets, each row once for each set of its district (`s`). */
const histogramOf = (scope: MedianScope) =>
  scope === 'set'
    ? sql`dashboard_turn_waits join dashboard_district_sets s on district_id = any(s.district_ids)`
    : sql`dashboard_turn_waits`;

/**
 * The median wait, in days from registration to the turn, of the turns in the histogram rows
 * `where` (dashboard_turn_waits), per month and group year and per `scope` (scope_key: the key
 * of MedianScope): the mean of the two middle waits of an even number of turns.
 */
export function histogramMedians(where: RawBuilder<boolean>, scope: MedianScope) {
  return sql<{
    month: string;
    scope_key: number;
    group_year: number;
    turns: number;
    median: number;
  }>`with waits as (
      select month, ${SCOPE_KEY[scope]} as scope_key, group_year, wait_days, sum(turns) as n
        from ${histogramOf(scope)} where ${where}
       group by 1, 2, 3, 4),
    running as (
      select month, scope_key, group_year, wait_days,
             sum(n) over (partition by month, scope_key, group_year order by wait_days) as below,
             sum(n) over (partition by month, scope_key, group_year) as total
        from waits)
    select month, scope_key, group_year, max(total)::int as turns,
           ((min(wait_days) filter (where below >= floor((total + 1) / 2))
             + min(wait_days) filter (where below >= floor(total / 2) + 1)) / 2.0)::float8 as median
      from running
     group by month, scope_key, group_year
    having max(total) > 0`;
}

/**
 * The key of dashboard_turn_medians that keeps the medians of the districts `ids` (sorted): one
 * district's id, 0 for every district, minus the region whose districts they are; else null (an
 * officer's other set: dashboard_district_sets). The one place that tells those choices apart.
 */
export const turnMediansKey = (ids: RawBuilder<number[]>) => sql<number | null>`case
    when cardinality(${ids}) = 1 then (${ids})[1]
    when ${ids} = (select array_agg(id order by id) from districts) then 0
    else (select -region_id from districts group by region_id
           having array_agg(id order by id) = ${ids}) end`;

type MedianRow = { month: string; group_year: number; turns: number; median: number };

/** Where medians are kept: the rows of `table` whose `column` is `key`. */
interface KeptMedians {
  table: 'dashboard_turn_medians' | 'dashboard_set_medians';
  column: 'district_id' | 'set_id';
  key: number;
}

/**
 * Where the medians of the districts `ids` (null: every district) are kept, or null: nowhere. A
 * set of districts an officer had when the jobs last ran is kept (dashboard_district_sets); its
 * medians are made with it and follow the histogram in the same transactions, so a set kept is a
 * set current. An officer's set made since, or an administrator's choice of a few, is not.
 */
async function keptMediansOf(db: Db, ids: readonly number[] | null): Promise<KeptMedians | null> {
  if (ids === null) return { table: 'dashboard_turn_medians', column: 'district_id', key: 0 };
  const { rows } = await sql<{ key: number | null; set_id: number | null }>`
    select ${turnMediansKey(sql`o.ids`)} as key,
           (select id from dashboard_district_sets s where s.district_ids = o.ids) as set_id
      from (select ${[...ids].sort((a, b) => a - b)}::int[] as ids) o`.execute(db);
  const { key = null, set_id: setId = null } = rows[0] ?? {};
  if (key !== null) return { table: 'dashboard_turn_medians', column: 'district_id', key };
  if (setId !== null) return { table: 'dashboard_set_medians', column: 'set_id', key: setId };
  return null;
}

/**
 * The median wait to a turn of each month and group year: kept per district, per region, for
 * every district and for each officer's set of districts (keptMediansOf); else from the histogram.
 */
export async function medianWaits(db: Db, period: DashboardPeriod): Promise<MedianRow[]> {
  const kept = await keptMediansOf(db, period.districtIds);
  const read = kept
    ? sql<MedianRow>`
      select month, group_year, turns, median_days as median from ${sql.table(kept.table)}
       where ${sql.ref(kept.column)} = ${kept.key} and month between ${period.from} and ${period.to}
       order by month, group_year`
    : sql<MedianRow>`
      select month, group_year, turns, median from (${histogramMedians(
        sql<boolean>`month between ${period.from} and ${period.to}
          and ${inDistricts('district_id', period.districtIds)}`,
        'all',
      )}) m order by month, group_year`;
  return (await read.execute(db)).rows;
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
