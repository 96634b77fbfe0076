import { sql } from 'kysely';
import type { PriorityRatio, QueueClass } from '@kezek/domain';
import { QUEUE_NUMBER_COLUMNS, numbersOfRow, queueNumbersOfRow } from '../applications/queue.ts';
import type { Db } from '../db/connection.ts';

export async function districtOfKindergarten(
  db: Db,
  kindergartenId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('kindergartens')
    .select('district_id')
    .where('id', '=', kindergartenId)
    .executeTakeFirst();
  return row?.district_id;
}

/** A state kindergarten that exists only inside the what-if's rolled-back transaction. */
export async function insertHypotheticalKindergarten(
  trx: Db,
  districtId: number,
  groups: readonly { language: string }[],
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('kindergartens')
    .values({
      district_id: districtId,
      name_kk: 'what-if',
      name_ru: 'what-if',
      type: 'state',
      languages: [...new Set(groups.map((group) => group.language))],
      address: 'what-if',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The children a batch gave turns to, with their queue numbers as the journal reads them (a turn
 * keeps the child's place in the queue) and their classes, in queue order.
 */
export async function turnsOfBatch(
  trx: Db,
  batchId: string,
): Promise<{ queueNumber: number; queueClass: QueueClass }[]> {
  const rows = await trx
    .selectFrom('applications as a')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .leftJoinLateral(queueNumbersOfRow.as('qn'), (join) => join.onTrue())
    .select(['a.queue_class', 'p.first_priority_ratio', ...QUEUE_NUMBER_COLUMNS])
    .where('a.turn_batch_id', '=', batchId)
    .where('a.status', '=', 'turn')
    .execute();
  return rows
    .map((row) => ({
      queueNumber: numbersOfRow(
        row.queue_class,
        row,
        row.first_priority_ratio as unknown as PriorityRatio,
      ).queueNumber!,
      queueClass: row.queue_class,
    }))
    .sort((a, b) => a.queueNumber - b.queueNumber);
}

/** Per group year: how many children wait, and the median of how long they have waited. */
export async function medianWaits(
  trx: Db,
  districtId: number,
  groupYears: readonly number[],
  now: Date,
): Promise<Map<number, { waiting: number; medianDays: number | null }>> {
  const rows = await sql<{ group_year: number; waiting: number; median_days: number | null }>`
    select a.group_year, count(*)::int as waiting,
      round((percentile_cont(0.5) within group (
        order by extract(epoch from (${now}::timestamptz - a.registered_at)) / 86400))::numeric, 1
      )::float8 as median_days
    from applications a
    where a.district_id = ${districtId} and a.group_year = any(${[...groupYears]}::int[])
      and a.status = 'queued'
    group by a.group_year`.execute(trx);
  return new Map(
    rows.rows.map((row) => [
      row.group_year,
      {
        waiting: row.waiting,
        medianDays: row.median_days === null ? null : Number(row.median_days),
      },
    ]),
  );
}
