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
 * place among the same benefit class. Everything comes from index range counts on
 * applications_waiting (district, group year, class, instant, number), never from the queue's rows:
 * the children of the own class ahead, the out-of-turn children, and the children of the other
 * interleaved class — counted only up to the most the 1:3 interleave can put ahead (LIMIT), since
 * queuePosition uses no more of that count than that.
 */
export async function queueNumbers(
  db: Db,
  place: QueuePlace,
  ratio: PriorityRatio,
): Promise<{ queueNumber: number | null; benefitQueueNumber: number | null }> {
  if (!['queued', 'turn', 'stop_listed'].includes(place.status)) return { queueNumber: null, benefitQueueNumber: null };
  const queueClass = place.queue_class as QueueClass;
  const [firstShare, generalShare] = ratio;
  const queue = sql`district_id = ${place.district_id} and group_year = ${place.group_year} and ${WAITING}`;
  const other: QueueClass = queueClass === 'first_priority' ? 'general' : 'first_priority';
  const otherBound =
    queueClass === 'out_of_turn'
      ? sql`0`
      : queueClass === 'first_priority'
        ? sql`(mine.before / ${firstShare}) * ${generalShare}`
        : sql`(mine.before / ${generalShare} + 1) * ${firstShare}`;
  const result = await sql<{ before: string; out_of_turn: string; other: string }>`
    with mine as (
      select count(*) as before from applications
      where ${queue} and queue_class = ${queueClass}
        and (registered_at, number) < (${place.registered_at}, ${place.number}))
    select mine.before,
      case when ${queueClass} = 'out_of_turn' then 0 else
        (select count(*) from applications where ${queue} and queue_class = 'out_of_turn') end as out_of_turn,
      (select count(*) from (select 1 from applications where ${queue} and queue_class = ${other}
        limit ${otherBound}) ahead) as other
    from mine`.execute(db);
  const row = result.rows[0]!;
  const before = Number(row.before);
  const counts: ClassCounts = { out_of_turn: Number(row.out_of_turn), first_priority: 0, general: 0 };
  counts[other] = Number(row.other);
  return {
    queueNumber: queuePosition(queueClass, before, counts, ratio),
    benefitQueueNumber: queueClass === 'general' ? null : before + 1,
  };
}
