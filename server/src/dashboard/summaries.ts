import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import { histogramMedians, turnMediansKey, type MedianScope } from './queries.ts';

/**
 * The dashboard's summaries (migration 0046, docs/dashboard.md), kept up to date by the deadline
 * jobs: the history rows since the last one summarised, in batches, and the waiting queue counted
 * again when the last count is older than QUEUE_COUNT_MINUTES. The dashboard reads only these.
 */

/** The most history rows one summarising transaction reads. */
export const HISTORY_BATCH = 20_000;

/** How old the last count of the waiting queue may get before the jobs count it again. */
export const QUEUE_COUNT_MINUTES = 15;

/** An instant's Almaty month as 'YYYY-MM' in SQL (Kazakhstan is UTC+5, domain/almaty-time.ts). */
export const almatyMonth = (instant: RawBuilder<unknown>) =>
  sql<string>`to_char((${instant}) at time zone 'UTC' + interval '5 hours', 'YYYY-MM')`;

/** The Almaty month of an instant, 'YYYY-MM'. */
export function monthOf(instant: Date): string {
  return new Date(instant.getTime() + 5 * 3_600_000).toISOString().slice(0, 7);
}

/**
 * The dashboard's kind of each history event about an application (a transfer is a direction
 * issued and enrolled at once). An expiry is recorded as the child's stop-listing or removal, or
 * as the direction's expiry when it was to a private kindergarten; each names the direction, which
 * the other stop-listings and removals do not.
 */
const APPLICATION_EVENT_KINDS = sql`(values
  ('application.direction_issued', 'issued', false),
  ('application.private_direction_issued', 'issued', false),
  ('application.transferred', 'issued', false),
  ('application.transferred', 'enrolled', false),
  ('application.direction_expired', 'expired', false),
  ('application.stop_listed', 'expired', true),
  ('application.removed', 'expired', true),
  ('application.direction_revoked', 'revoked', false),
  ('application.refusal_confirmed', 'refused', false),
  ('application.enrolled', 'enrolled', false)) as k(event, kind, needs_direction)`;

/** The history rows of one batch: after `from`, up to and with `to`. */
const batchRows = (from: string, to: string) =>
  sql`(select * from history where id > ${from} and id <= ${to})`;

/** The application a history row is about (guarded: other subjects' ids are not numbers). */
const applicationOf = sql`a.id = case when h.subject_type = 'application'
  then h.subject_id::bigint end`;

async function summariseEvents(trx: Trx, from: string, to: string): Promise<void> {
  await sql`
    insert into dashboard_events (month, district_id, group_year, kind, count)
    select month, district_id, group_year, kind, sum(n)::int from (
      select ${almatyMonth(sql.ref('h.at'))} as month, a.district_id, a.group_year, k.kind, 1 as n
        from ${batchRows(from, to)} h
        join ${APPLICATION_EVENT_KINDS} on k.event = h.event
        join applications a on ${applicationOf}
       where not k.needs_direction or h.after ->> 'direction' is not null
      union all
      select ${almatyMonth(sql.ref('h.at'))}, b.district_id, b.group_year, 'released', b.total
        from ${batchRows(from, to)} h
        join place_batches b on b.id = case when h.subject_type = 'place_batch'
          then h.subject_id::bigint end
       where h.event = 'places.added') e
    group by month, district_id, group_year, kind
    on conflict (month, district_id, group_year, kind)
      do update set count = dashboard_events.count + excluded.count`.execute(trx);
}

async function summariseRefusals(trx: Trx, from: string, to: string): Promise<void> {
  await sql`
    insert into dashboard_kindergarten_events (month, district_id, kindergarten_id, kind, count)
    select ${almatyMonth(sql.ref('h.at'))}, k.district_id, k.id, 'refused', count(*)::int
      from ${batchRows(from, to)} h
      join directions d on d.number = h.after ->> 'direction'
      join kindergartens k on k.id = d.kindergarten_id
     where h.event = 'application.refusal_confirmed'
     group by 1, 2, 3
    on conflict (month, district_id, kindergarten_id, kind)
      do update set count = dashboard_kindergarten_events.count + excluded.count`.execute(trx);
}

/**
 * The sets of districts of the officers (active, not administrators, who read every district)
 * whose medians dashboard_turn_medians does not keep, each once, its ids sorted: those
 * dashboard_district_sets keeps (migration 0047).
 */
const OFFICER_SETS = sql`(select ids from (
    select distinct array_agg(ud.district_id order by ud.district_id) as ids
      from user_districts ud join users u on u.id = ud.user_id
     where u.active and 'officer' = any(u.roles) and not 'admin' = any(u.roles)
     group by ud.user_id) o
   where ${turnMediansKey(sql`o.ids`)} is null)`;

/** Works out again, from the histogram rows `where`, the medians of the kept sets (`s`) in it. */
async function keepSetMedians(trx: Trx, where: RawBuilder<boolean>): Promise<void> {
  await sql`
    insert into dashboard_set_medians (set_id, month, group_year, turns, median_days)
    select scope_key, month, group_year, turns, median from (${histogramMedians(where, 'set')}) m
    on conflict (set_id, month, group_year)
      do update set turns = excluded.turns, median_days = excluded.median_days`.execute(trx);
}

/**
 * Brings the kept sets of districts in line with the officers' (OFFICER_SETS), with the state
 * row locked: a set no officer has any more goes with its medians; a new one comes with the
 * medians of every month, from the histogram, in the same transaction.
 */
export async function keepDistrictSets(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('dashboard_state').select('id').forUpdate().execute();
    await sql`delete from dashboard_district_sets
      where district_ids not in ${OFFICER_SETS}`.execute(trx);
    const added = await sql<{ id: number }>`
      insert into dashboard_district_sets (district_ids)
      select ids from ${OFFICER_SETS} o
       where ids not in (select district_ids from dashboard_district_sets)
      returning id`.execute(trx);
    if (added.rows.length > 0)
      await keepSetMedians(trx, sql`s.id = any(${added.rows.map((row) => row.id)}::int[])`);
  });
}

async function summariseTurnWaits(trx: Trx, from: string, to: string): Promise<void> {
  const touched = await sql<{ month: string; district_id: number; group_year: number }>`
    insert into dashboard_turn_waits (month, district_id, group_year, wait_days, turns)
    select ${almatyMonth(sql.ref('h.at'))}, a.district_id, a.group_year,
        greatest(0, floor(extract(epoch from (h.at - a.registered_at)) / 86400))::int,
        count(*)::int
      from ${batchRows(from, to)} h
      join applications a on ${applicationOf}
     where h.event = 'application.turn_given'
     group by 1, 2, 3, 4
    on conflict (month, district_id, group_year, wait_days)
      do update set turns = dashboard_turn_waits.turns + excluded.turns
    returning month, district_id, group_year`.execute(trx);
  if (touched.rows.length === 0) return;
  // The medians of the queues (and of every district's group years) whose waits changed.
  const column = <K extends keyof (typeof touched.rows)[number]>(key: K) =>
    touched.rows.map((row) => row[key]);
  const queues = sql`(select * from unnest(${column('month')}::text[],
      ${column('district_id')}::int[], ${column('group_year')}::int[]))`;
  const districts = sql`${column('district_id')}::int[]`;
  const byScope = (scope: MedianScope, where: RawBuilder<boolean>) =>
    sql`select month, scope_key, group_year, turns, median
          from (${histogramMedians(where, scope)}) ${sql.raw(`${scope}_medians`)}`;
  const sameMonths = sql<boolean>`(month, group_year) in (select month, group_year from ${queues} q)`;
  await sql`
    insert into dashboard_turn_medians (month, district_id, group_year, turns, median_days)
    ${byScope('district', sql<boolean>`(month, district_id, group_year) in ${queues}`)}
    union all
    ${byScope(
      'region',
      sql<boolean>`${sameMonths} and district_id in (select id from districts
      where region_id in (select region_id from districts where id = any(${districts})))`,
    )}
    union all
    ${byScope('all', sameMonths)}
    on conflict (district_id, month, group_year)
      do update set turns = excluded.turns, median_days = excluded.median_days`.execute(trx);
  await keepSetMedians(trx, sql<boolean>`${sameMonths} and s.district_ids && ${districts}`);
}

/**
 * Summarises the next batch of history rows, in one transaction with the state row locked (two
 * instances never count a row twice); how many rows it read, 0 when the summaries are current.
 */
export async function summariseHistoryBatch(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const state = await trx
      .selectFrom('dashboard_state')
      .select('history_id')
      .forUpdate()
      .executeTakeFirstOrThrow();
    const from = state.history_id;
    const bound = await sql<{ to: string | null; rows: string }>`
      select max(id) as to, count(*) as rows
        from (select id from history where id > ${from} order by id limit ${HISTORY_BATCH}) b`.execute(
      trx,
    );
    const { to, rows } = bound.rows[0]!;
    if (to === null) {
      await trx.updateTable('dashboard_state').set({ summarised_at: now }).execute();
      return 0;
    }
    await summariseEvents(trx, from, to);
    await summariseRefusals(trx, from, to);
    await summariseTurnWaits(trx, from, to);
    await trx.updateTable('dashboard_state').set({ history_id: to, summarised_at: now }).execute();
    return Number(rows);
  });
}

/** Counts the waiting queue into its month's rows, replacing an earlier count of that month. */
export async function countWaitingQueue(db: Db, now: Date): Promise<void> {
  const month = monthOf(now);
  await db.transaction().execute(async (trx) => {
    await trx.selectFrom('dashboard_state').select('id').forUpdate().execute();
    await trx.deleteFrom('dashboard_queue').where('month', '=', month).execute();
    await sql`
      insert into dashboard_queue (month, district_id, group_year, queue_class, waiting)
      select ${month}, district_id, group_year, queue_class, count(*)::int from applications
       where status in ('queued', 'turn', 'stop_listed')
       group by district_id, group_year, queue_class`.execute(trx);
    await trx.updateTable('dashboard_state').set({ queue_taken_at: now }).execute();
  });
}

export interface DashboardRefresh {
  historyRowsSummarised: number;
  /** 1 when the waiting queue was counted, else 0. */
  queueCounts: number;
}

/**
 * What the deadline jobs run: the kept sets of districts brought in line with the officers'
 * (keepDistrictSets), every history row not yet summarised, batch after batch, and the queue
 * counted again when its last count is QUEUE_COUNT_MINUTES old or of an earlier month.
 */
export async function refreshDashboard(db: Db, now: Date): Promise<DashboardRefresh> {
  await keepDistrictSets(db);
  let historyRowsSummarised = 0;
  for (;;) {
    const rows = await summariseHistoryBatch(db, now);
    historyRowsSummarised += rows;
    if (rows < HISTORY_BATCH) break;
  }
  const { queue_taken_at: taken } = await db
    .selectFrom('dashboard_state')
    .select('queue_taken_at')
    .executeTakeFirstOrThrow();
  const due =
    !taken ||
    monthOf(taken) !== monthOf(now) ||
    now.getTime() - taken.getTime() >= QUEUE_COUNT_MINUTES * 60_000;
  if (due) await countWaitingQueue(db, now);
  return { historyRowsSummarised, queueCounts: due ? 1 : 0 };
}
