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

const WAITING = sql`status in ('queued', 'turn', 'stop_listed')`;

/**
 * The two numbers of DOMAIN.md: the place in the queue of the district and group year, and the
 * place among the same benefit class. Each count is an index range count on applications_waiting
 * (district, group year, class, instant, number): it reads the index, never the queue's rows.
 */
export async function queueNumbers(
  db: Db,
  place: QueuePlace,
  ratio: PriorityRatio,
): Promise<{ queueNumber: number | null; benefitQueueNumber: number | null }> {
  if (!['queued', 'turn', 'stop_listed'].includes(place.status))
    return { queueNumber: null, benefitQueueNumber: null };
  const result = await sql<{
    before: string;
    out_of_turn: string;
    first_priority: string;
    general: string;
  }>`
    select
      (select count(*) from applications
        where district_id = ${place.district_id} and group_year = ${place.group_year}
          and queue_class = ${place.queue_class} and ${WAITING}
          and (registered_at, number) < (${place.registered_at}, ${place.number})) as before,
      (select count(*) from applications
        where district_id = ${place.district_id} and group_year = ${place.group_year}
          and queue_class = 'out_of_turn' and ${WAITING}) as out_of_turn,
      (select count(*) from applications
        where district_id = ${place.district_id} and group_year = ${place.group_year}
          and queue_class = 'first_priority' and ${WAITING}) as first_priority,
      (select count(*) from applications
        where district_id = ${place.district_id} and group_year = ${place.group_year}
          and queue_class = 'general' and ${WAITING}) as general`.execute(db);
  const row = result.rows[0]!;
  const counts: ClassCounts = {
    out_of_turn: Number(row.out_of_turn),
    first_priority: Number(row.first_priority),
    general: Number(row.general),
  };
  const before = Number(row.before);
  const queueClass = place.queue_class as QueueClass;
  return {
    queueNumber: queuePosition(queueClass, before, counts, ratio),
    benefitQueueNumber: queueClass === 'general' ? null : before + 1,
  };
}
