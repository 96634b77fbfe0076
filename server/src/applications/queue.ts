import { sql } from 'kysely';
import {
  queuePosition,
  type ClassCounts,
  type PriorityRatio,
  type QueueClass,
} from '@kezek/domain';
import type { Db } from '../db/connection.ts';

export interface QueuePlace {
  district_id: number;
  group_year: number;
  queue_class: string;
  registered_at: Date;
  number: string;
  status: string;
}

export interface QueueNumbers {
  queueNumber: number | null;
  benefitQueueNumber: number | null;
}

/** What queue_counts() returns (bigints arrive as strings); all null for a child not waiting. */
export interface QueueCounts {
  before: string | number | null;
  out_of_turn: string | number | null;
  other: string | number | null;
}

/** The statuses that hold a place in the queue and so have queue numbers. */
const WAITING_STATUSES = ['queued', 'turn', 'stop_listed'];
const WAITING = sql.raw(`(${WAITING_STATUSES.map((status) => `'${status}'`).join(', ')})`);

/**
 * The queue_counts() of the application `a` with the policy `p` of its region, as a lateral
 * subquery `qc`: for the journal's rows in the same statement. Only a waiting application counts
 * and its columns are null for the rest; `offset 0` keeps the subquery whole, so the status test
 * gates the call (a one-time filter) instead of filtering its result after every call.
 */
export const queueCountsOfRow = sql<QueueCounts>`(select * from queue_counts(a.district_id,
  a.group_year, a.queue_class, a.registered_at, a.number, p.first_priority_ratio[1],
  p.first_priority_ratio[2]) where a.status in ${WAITING} offset 0)`;

/**
 * The two numbers of DOMAIN.md from the counts of queue_counts() (migration 0008): the place in
 * the queue of the district and group year, and the place among the same benefit class. The
 * counts are index range counts on applications_waiting (district, group year, class, instant,
 * number), never the queue's rows — the children of the own class ahead, the out-of-turn
 * children, and those of the other interleaved class only as far as the ratio can put them
 * ahead, which is all queuePosition uses of that count.
 */
export function numbersFromCounts(
  queueClassName: string,
  row: QueueCounts | undefined,
  ratio: PriorityRatio,
): QueueNumbers {
  if (!row || row.before === null) return { queueNumber: null, benefitQueueNumber: null };
  const queueClass = queueClassName as QueueClass;
  const before = Number(row.before);
  const counts: ClassCounts = {
    out_of_turn: Number(row.out_of_turn),
    first_priority: 0,
    general: 0,
  };
  counts[queueClass === 'first_priority' ? 'general' : 'first_priority'] = Number(row.other);
  return {
    queueNumber: queuePosition(queueClass, before, counts, ratio),
    benefitQueueNumber: queueClass === 'general' ? null : before + 1,
  };
}

/** The two numbers of one application (null unless it is waiting): one call of queue_counts(). */
export async function queueNumbers(
  db: Db,
  place: QueuePlace,
  ratio: PriorityRatio,
): Promise<QueueNumbers> {
  if (!WAITING_STATUSES.includes(place.status))
    return { queueNumber: null, benefitQueueNumber: null };
  const [firstShare, generalShare] = ratio;
  const result = await sql<QueueCounts>`
    select * from queue_counts(${place.district_id}, ${place.group_year}, ${place.queue_class},
      ${place.registered_at}, ${place.number}, ${firstShare}, ${generalShare})`.execute(db);
  return numbersFromCounts(place.queue_class, result.rows[0], ratio);
}
