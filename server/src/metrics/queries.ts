import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/**
 * The figures GET /metrics reads from the database at each scrape. Each is an index read whose
 * cost does not grow with the applications (docs/operations.md, "Metrics"): the scrape of a city
 * of a million applications costs what a small city's does.
 */

/**
 * The children waiting in each queue (a district and group year) by the stored queue numbers
 * (migration 0023): the distinct queues by a skip scan of queue_numbers_position, then the last
 * number of each, one index probe a queue. The numbers of a queue run 1…N, so the last is its
 * size; a queue changed within the last second is counted as of its last renumbering.
 */
export function queueSizes(db: Db) {
  return sql<{ district_id: number; group_year: number; size: number }>`
    with recursive queues as (
      (select district_id, group_year from queue_numbers
        order by district_id, group_year limit 1)
      union all
      select next.district_id, next.group_year from queues q
        cross join lateral (
          select n.district_id, n.group_year from queue_numbers n
           where (n.district_id, n.group_year) > (q.district_id, q.group_year)
           order by n.district_id, n.group_year limit 1) next
    )
    select q.district_id, q.group_year,
      (select max(m.queue_number) from queue_numbers m
        where m.district_id = q.district_id and m.group_year = q.group_year) as size
    from queues q`.execute(db);
}

/**
 * The messages waiting to be sent, by channel: all pending ones, those due now, and the oldest
 * due instant (outbox_due: the pending rows only, never the sent history).
 */
export function outboxBacklog(db: Db, now: Date) {
  return (
    db
      .selectFrom('outbox')
      .select([
        'channel',
        (eb) => eb.fn.countAll<string>().as('pending'),
        sql<string>`count(*) filter (where next_attempt_at <= ${now})`.as('due'),
        sql<Date | null>`min(next_attempt_at) filter (where next_attempt_at <= ${now})`.as(
          'oldest_due',
        ),
      ])
      // A literal, not a parameter: the planner matches it to the partial index's predicate.
      .where(sql<boolean>`status = 'pending'`)
      .groupBy('channel')
      .execute()
  );
}

/**
 * The oldest deadline each sweep of jobs/runner.ts has not handled yet, among those past `now`
 * (null: none is past): how far the deadline jobs lag. Each is the first entry of the sweep's own
 * index.
 */
export function oldestPastDeadlines(db: Db, now: Date) {
  return db
    .selectNoFrom([
      sql<Date | null>`(select min(turn_until) from place_batches
        where state = 'waiting' and turn_until <= ${now})`.as('turn_windows'),
      sql<Date | null>`(select min(coalesce(extended_until, expires_at)) from directions
        where status = 'issued' and coalesce(extended_until, expires_at) <= ${now})`.as(
        'directions',
      ),
      sql<Date | null>`(select min(stop_listed_until) from applications
        where status = 'stop_listed' and stop_listed_until <= ${now})`.as('stop_lists'),
      sql<Date | null>`(select min(decide_at) from free_choice_requests
        where outcome is null and decide_at <= ${now})`.as('free_choice_rounds'),
    ])
    .executeTakeFirstOrThrow();
}
