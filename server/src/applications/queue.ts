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

/**
 * The two numbers of DOMAIN.md: the place in the queue of the district and group year, and the
 * place among the same benefit class. The counts come from queue_counts() (migration 0008): index
 * range counts on applications_waiting (district, group year, class, instant, number), never the
 * queue's rows — the children of the own class ahead, the out-of-turn children, and those of the
 * other interleaved class only as far as the ratio can put them ahead, which is all queuePosition
 * uses of that count.
 */
export async function queueNumbers(
  db: Db,
  place: QueuePlace,
  ratio: PriorityRatio,
): Promise<{ queueNumber: number | null; benefitQueueNumber: number | null }> {
  if (!['queued', 'turn', 'stop_listed'].includes(place.status))
    return { queueNumber: null, benefitQueueNumber: null };
  const queueClass = place.queue_class as QueueClass;
  const [firstShare, generalShare] = ratio;
  const other: QueueClass = queueClass === 'first_priority' ? 'general' : 'first_priority';
  const result = await sql<{ before: string; out_of_turn: string; other: string }>`
    select * from queue_counts(${place.district_id}, ${place.group_year}, ${queueClass},
      ${place.registered_at}, ${place.number}, ${firstShare}, ${generalShare})`.execute(db);
  const row = result.rows[0]!;
  const before = Number(row.before);
  const counts: ClassCounts = {
    out_of_turn: Number(row.out_of_turn),
    first_priority: 0,
    general: 0,
  };
  counts[other] = Number(row.other);
  return {
    queueNumber: queuePosition(queueClass, before, counts, ratio),
    benefitQueueNumber: queueClass === 'general' ? null : before + 1,
  };
}
