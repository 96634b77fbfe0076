import { sql } from 'kysely';
import {
  queuePosition,
  type ClassCounts,
  type PriorityRatio,
  type QueueClass,
} from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';

export interface QueueNumbers {
  queueNumber: number | null;
  benefitQueueNumber: number | null;
}

/**
 * A waiting application's numbers as one statement reads them (queueNumbersOfRow): the stored
 * ones, or — while its queue has changes not yet renumbered — queue_counts()'s counts (bigints
 * arrive as strings). All null for a child not waiting.
 */
export interface QueueNumbersRow {
  queue_number: number | null;
  benefit_queue_number: number | null;
  before: string | number | null;
  out_of_turn: string | number | null;
  other: string | number | null;
}

/** The statuses that hold a place in the queue and so have queue numbers, as an SQL list. */
const WAITING_STATUSES = ['queued', 'turn', 'stop_listed'];
export const WAITING = sql.raw(`(${WAITING_STATUSES.map((status) => `'${status}'`).join(', ')})`);

/**
 * The numbers of the application `a` with the policy `p` of its region, as a lateral subquery:
 * for the journal's rows in the same statement. A primary-key lookup of the stored numbers, and
 * queue_counts() only when they are missing or its queue has a change that the renumbering has
 * not taken into account yet (a mark in queue_changes). Each `offset 0` keeps its subquery whole,
 * so that its condition gates it (a one-time filter): queue_counts() is not called at all when
 * the stored numbers are current, nor anything for a child not waiting.
 */
export const queueNumbersOfRow = sql<QueueNumbersRow>`(select qn.queue_number,
    qn.benefit_queue_number, qc.before, qc.out_of_turn, qc.other
  from (select) as this_application
  left join queue_numbers qn on qn.application_id = a.id
  left join lateral (select * from queue_counts(a.district_id, a.group_year, a.queue_class,
      a.registered_at, a.number, p.first_priority_ratio[1], p.first_priority_ratio[2])
    where qn.application_id is null or exists (select from queue_changes c
      where c.district_id = a.district_id and c.group_year = a.group_year)
    offset 0) as qc on true
  where a.status in ${WAITING} offset 0)`;

/** The columns of queueNumbersOfRow (as `qn`) that numbersOfRow reads. */
export const QUEUE_NUMBER_COLUMNS = [
  'qn.queue_number',
  'qn.benefit_queue_number',
  'qn.before',
  'qn.out_of_turn',
  'qn.other',
] as const;

/**
 * The two numbers of a waiting child with `before` children of its own class ahead (docs/rules.md,
 * "Benefit classes and queue order"): the place in the queue of the district and group year, and
 * the place among the same benefit class. `counts` may stop at what the ratio can put ahead of
 * the child: queuePosition uses no more.
 */
export function numbersAt(
  queueClass: QueueClass,
  before: number,
  counts: ClassCounts,
  ratio: PriorityRatio,
): QueueNumbers {
  return {
    queueNumber: queuePosition(queueClass, before, counts, ratio),
    benefitQueueNumber: queueClass === 'general' ? null : before + 1,
  };
}

/**
 * The numbers of a row of queueNumbersOfRow: the stored ones, or those of the counts of
 * queue_counts() (migration 0008). The counts are index range counts on applications_waiting
 * (district, group year, class, instant, number), never the queue's rows — the children of the
 * own class ahead, the out-of-turn children, and those of the other interleaved class only as far
 * as the ratio can put them ahead.
 */
export function numbersOfRow(
  queueClassName: string,
  row: QueueNumbersRow,
  ratio: PriorityRatio,
): QueueNumbers {
  if (row.before === null)
    return { queueNumber: row.queue_number, benefitQueueNumber: row.benefit_queue_number };
  const queueClass = queueClassName as QueueClass;
  const counts: ClassCounts = {
    out_of_turn: Number(row.out_of_turn),
    first_priority: 0,
    general: 0,
  };
  counts[queueClass === 'first_priority' ? 'general' : 'first_priority'] = Number(row.other);
  return numbersAt(queueClass, Number(row.before), counts, ratio);
}

const numbersRow = preparedQuery('queueNumbers', (db, applicationId: string) =>
  db
    .selectFrom('applications as a')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .leftJoinLateral(queueNumbersOfRow.as('qn'), (join) => join.onTrue())
    .select(['a.queue_class', 'p.first_priority_ratio', ...QUEUE_NUMBER_COLUMNS])
    .where('a.id', '=', applicationId),
);

/** The two numbers of one application (null unless it is waiting), as the journal reads them. */
export async function queueNumbers(db: Db, applicationId: string): Promise<QueueNumbers> {
  const [row] = await numbersRow(db, applicationId);
  if (!row) throw new Error(`no application ${applicationId}`);
  return numbersOfRow(row.queue_class, row, row.first_priority_ratio as unknown as PriorityRatio);
}
