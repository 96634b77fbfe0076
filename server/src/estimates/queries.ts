import { sql } from 'kysely';
import type { QueueClass } from '@kezek/domain';
import { visibleTo } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';

/** A month of the estimates: a twelfth of a Julian year, in seconds (docs/wait-estimates.md). */
export const MONTH_SECONDS = (365.25 / 12) * 86_400;

/**
 * One of the caller's applications with what its wait estimate needs: its queue and class, and
 * the children of its class ahead of it (queue_counts(), migration 0008: an index range count),
 * null unless it waits for a turn (queued or stop-listed; a child on its turn has it).
 */
export function estimateSubject(db: Db, userId: number, applicationId: string) {
  return db
    .selectFrom('applications as a')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .select([
      'a.district_id',
      'a.group_year',
      'a.queue_class',
      sql<string | null>`(select qc.before from queue_counts(a.district_id, a.group_year,
          a.queue_class, a.registered_at, a.number, p.first_priority_ratio[1],
          p.first_priority_ratio[2]) qc where a.status in ('queued', 'stop_listed'))`.as('ahead'),
    ])
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
}

/**
 * The turns given to children of a class in a district and group year in each of the `months`
 * months before `now` (0: the last month), from the history rows of the turns given for the
 * queue's batches (index history_turns_by_batch, migration 0042). Months without a turn are
 * missing. The class is the child's class today.
 */
export function classTurnsByMonth(
  db: Db,
  queue: { districtId: number; groupYear: number; queueClass: QueueClass },
  now: Date,
  months: number,
) {
  const since = new Date(now.getTime() - months * MONTH_SECONDS * 1000);
  return db
    .selectFrom('place_batches as b')
    .innerJoin('history as h', (join) =>
      join
        // A literal, not a parameter: the planner matches it to the partial index's predicate.
        .on(sql<boolean>`h.event = 'application.turn_given'`)
        .on(sql<boolean>`h.after ->> 'placeBatch' = b.id::text`),
    )
    .innerJoin('applications as t', (join) => join.on(sql<boolean>`t.id = h.subject_id::bigint`))
    .select([
      sql<number>`floor(extract(epoch from (${now}::timestamptz - h.at)) / ${MONTH_SECONDS})::int`.as(
        'month',
      ),
      (eb) => eb.fn.countAll<string>().as('turns'),
    ])
    .where('b.district_id', '=', queue.districtId)
    .where('b.group_year', '=', queue.groupYear)
    .where('t.queue_class', '=', queue.queueClass)
    .where('h.at', '>', since)
    .where('h.at', '<=', now)
    .groupBy(sql`1`)
    .execute();
}
