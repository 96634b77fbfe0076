import { sql, Transaction } from 'kysely';
import type { ClassCounts, PriorityRatio, QueueClass } from '@kezek/domain';
import type { Db, Trx } from '../db/connection.ts';
import { numbersAt, WAITING, type QueueNumbers } from './queue.ts';

/** A queue: the children of one district and group year. */
export interface Queue {
  districtId: number;
  groupYear: number;
}

/** The queues with changes that their stored numbers do not reflect yet, in key order. */
export async function queuesBehind(db: Db): Promise<Queue[]> {
  const rows = await db
    .selectFrom('queue_changes')
    .select(['district_id', 'group_year'])
    .distinct()
    .orderBy('district_id')
    .orderBy('group_year')
    .execute();
  return rows.map((row) => ({ districtId: row.district_id, groupYear: row.group_year }));
}

/**
 * Every waiting child's numbers, from the queue's order as the index gives it (class, then
 * instant and number) and the domain's queuePosition: the rule is not restated here.
 */
export function numberQueue(
  order: readonly { id: string; queue_class: QueueClass }[],
  ratio: PriorityRatio,
): Map<string, QueueNumbers> {
  const counts: ClassCounts = { out_of_turn: 0, first_priority: 0, general: 0 };
  for (const row of order) counts[row.queue_class] += 1;
  const seen: ClassCounts = { out_of_turn: 0, first_priority: 0, general: 0 };
  const numbers = new Map<string, QueueNumbers>();
  for (const row of order) {
    const queueClass = row.queue_class;
    numbers.set(row.id, numbersAt(queueClass, seen[queueClass]++, counts, ratio));
  }
  return numbers;
}

/**
 * Renumbers one queue and deletes the marks of the changes it took into account; false when
 * another renumbering of the queue is under way (any instance). The claim is a session-level
 * advisory lock taken before the transaction, so the transaction's one snapshot (repeatable
 * read) already holds the previous renumbering's writes; a change committed after that snapshot
 * keeps its mark, and the queue's numbers are counted until the next renumbering. Only the
 * numbers that changed are written, in one statement.
 */
export async function renumberQueue(db: Db, queue: Queue): Promise<boolean> {
  return db.connection().execute(async (connection) => {
    // The single-key form: the release's lock on (district, group year) is another lock.
    const key = sql`(${queue.districtId}::bigint << 32) | ${queue.groupYear}`;
    const claimed = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(
      connection,
    );
    if (!claimed.rows[0]!.ok) return false;
    try {
      await connection
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => renumberInSnapshot(trx, queue));
      return true;
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/** What a renumbering reads of one queue, all in one snapshot. */
interface QueueState {
  /** The marks of the changes that the stored numbers do not reflect. */
  marks: string[];
  /** Every waiting child's numbers now. */
  numbers: Map<string, QueueNumbers>;
  stored: { application_id: string; queue_number: number; benefit_queue_number: number | null }[];
}

async function readQueue(trx: Trx, { districtId, groupYear }: Queue): Promise<QueueState> {
  const marks = await trx
    .selectFrom('queue_changes')
    .select('id')
    .where('district_id', '=', districtId)
    .where('group_year', '=', groupYear)
    .execute();
  const policy = await trx
    .selectFrom('districts as d')
    .innerJoin('region_policies as p', 'p.region_id', 'd.region_id')
    .select('p.first_priority_ratio')
    .where('d.id', '=', districtId)
    .executeTakeFirstOrThrow();
  const order = await trx
    .selectFrom('applications')
    .select(['id', 'queue_class'])
    .where('district_id', '=', districtId)
    .where('group_year', '=', groupYear)
    .where(sql<boolean>`status in ${WAITING}`)
    .orderBy('queue_class')
    .orderBy('registered_at')
    .orderBy('number')
    .execute();
  const stored = await trx
    .selectFrom('queue_numbers')
    .select(['application_id', 'queue_number', 'benefit_queue_number'])
    .where('district_id', '=', districtId)
    .where('group_year', '=', groupYear)
    .execute();
  return {
    marks: marks.map((mark) => mark.id),
    numbers: numberQueue(order, policy.first_priority_ratio as unknown as PriorityRatio),
    stored,
  };
}

/** The numbers to write (new or changed) and the children whose stored numbers are to go. */
function differences({ numbers, stored }: QueueState) {
  const changed = new Map(numbers);
  const gone: string[] = [];
  for (const row of stored) {
    const fresh = changed.get(row.application_id);
    if (!fresh) gone.push(row.application_id);
    else if (
      fresh.queueNumber === row.queue_number &&
      fresh.benefitQueueNumber === row.benefit_queue_number
    )
      changed.delete(row.application_id);
  }
  return { changed: [...changed], gone };
}

async function renumberInSnapshot(trx: Trx, queue: Queue): Promise<void> {
  const state = await readQueue(trx, queue);
  if (state.marks.length === 0) return;
  const { changed, gone } = differences(state);
  if (changed.length > 0) {
    await sql`
      insert into queue_numbers (application_id, district_id, group_year, queue_number, benefit_queue_number)
      select id, ${queue.districtId}, ${queue.groupYear}, queue_number, benefit_queue_number
        from unnest(${changed.map(([id]) => id)}::bigint[],
          ${changed.map(([, n]) => n.queueNumber)}::integer[],
          ${changed.map(([, n]) => n.benefitQueueNumber)}::integer[])
          as t(id, queue_number, benefit_queue_number)
      on conflict (application_id) do update set district_id = excluded.district_id,
        group_year = excluded.group_year, queue_number = excluded.queue_number,
        benefit_queue_number = excluded.benefit_queue_number`.execute(trx);
  }
  if (gone.length > 0)
    await sql`delete from queue_numbers where application_id = any(${gone}::bigint[])`.execute(trx);
  await sql`delete from queue_changes where district_id = ${queue.districtId}
    and group_year = ${queue.groupYear} and id = any(${state.marks}::bigint[])`.execute(trx);
}

/**
 * The queues that have no mark and yet stored numbers that are not their numbers now, with the
 * applications whose numbers are wrong or missing: a change that did not mark its queue (an
 * invariant, invariants.ts). All in one snapshot: the caller's transaction, or one of its own.
 */
export function staleQueueNumbers(db: Db): Promise<{ queue: Queue; applicationIds: string[] }[]> {
  if (db instanceof Transaction) return staleQueueNumbersIn(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(staleQueueNumbersIn);
}

async function staleQueueNumbersIn(
  trx: Trx,
): Promise<{ queue: Queue; applicationIds: string[] }[]> {
  const queues = await sql<{ district_id: number; group_year: number }>`
    select district_id, group_year from applications where status in ${WAITING}
    union select district_id, group_year from queue_numbers
    except select district_id, group_year from queue_changes
    order by district_id, group_year`.execute(trx);
  const stale = [];
  for (const row of queues.rows) {
    const queue = { districtId: row.district_id, groupYear: row.group_year };
    const { changed, gone } = differences(await readQueue(trx, queue));
    const applicationIds = [...changed.map(([id]) => id), ...gone];
    if (applicationIds.length > 0) stale.push({ queue, applicationIds });
  }
  return stale;
}
