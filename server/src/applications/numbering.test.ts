import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIin,
  orderQueue,
  QUEUE_CLASSES,
  type ApplicationStatus,
  type PriorityRatio,
  type QueueClass,
  type QueueKey,
} from '@kezek/domain';
import type { Db, OpenDatabase } from '../db/connection.ts';
import { renumberQueues } from '../jobs/queue-numbers.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { randomQueueClass, seededRandom } from '../testing/random.ts';
import { upsertPersons } from '../registry/sql.ts';
import { queuesBehind, renumberQueue, staleQueueNumbers, type Queue } from './numbering.ts';
import { queueNumbers } from './queue.ts';
import { journalOf } from './view.ts';
import { Pseudonyms } from '../pseudonym.ts';

let database: OpenDatabase;
let db: Db;
let regionId: number;
let districts: number[];
let userId: number;
let serial = 0;
const NOW = new Date('2026-03-02T09:00:00Z');
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  database = await openTestDatabase('migrated');
  db = database.db;
  regionId = (
    await db
      .insertInto('regions')
      .values({ code: 'n', name_kk: 'N', name_ru: 'N', name_en: 'N', created_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db.insertInto('region_policies').values({ region_id: regionId, updated_at: NOW }).execute();
  districts = (
    await db
      .insertInto('districts')
      .values(
        [1, 2].map((n) => ({
          region_id: regionId,
          name_kk: `N${n}`,
          name_ru: `N${n}`,
          name_en: `N${n}`,
          created_at: NOW,
        })),
      )
      .returning('id')
      .execute()
  ).map((row) => row.id);
  userId = (
    await db
      .insertInto('users')
      .values({
        iin: '791028302728',
        full_name: 'P',
        roles: ['applicant'],
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

/** A child of this test's applicant waiting in the queue, straight in the table (in `trx`). */
async function waiting(
  queue: Queue,
  minute: number,
  queueClass: QueueClass,
  trx = db,
): Promise<string> {
  serial += 2;
  const childIin = makeIin(`${queue.groupYear}-05-05`, 'female', serial);
  await db
    .transaction()
    .execute((trx) =>
      upsertPersons(trx, [{ iin: childIin, lastName: 'N', firstName: `C${serial}` }]),
    );
  const at = new Date(Date.UTC(2025, 0, 1, 0, minute));
  const row = await trx
    .insertInto('applications')
    .values({
      number: `UO.2025.${String(serial).padStart(6, '0')}.1`,
      region_id: regionId,
      district_id: queue.districtId,
      group_year: queue.groupYear,
      child_iin: childIin,
      applicant_user_id: userId,
      status: 'queued',
      queue_class: queueClass,
      registered_at: at,
      last_changed_at: at,
      interest_confirmed_until: new Date('2030-01-01'),
      language: 'kk',
      email: 'parent@example.kz',
      phone: '+77010000001',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const setStatus = (id: string, status: ApplicationStatus, trx = db) =>
  trx.updateTable('applications').set({ status }).where('id', '=', id).execute();

const ratioNow = async () =>
  (
    await db
      .selectFrom('region_policies')
      .select('first_priority_ratio')
      .where('region_id', '=', regionId)
      .executeTakeFirstOrThrow()
  ).first_priority_ratio as unknown as PriorityRatio;

type Numbers = [number | null, number | null];

/** Every application's numbers by the domain's order of the rows as they are now. */
async function expectedNumbers(): Promise<Map<string, Numbers>> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'district_id', 'group_year', 'queue_class', 'registered_at', 'number', 'status'])
    .where('region_id', '=', regionId)
    .execute();
  const ratio = await ratioNow();
  const expected = new Map<string, Numbers>(rows.map((row) => [row.id, [null, null]]));
  const queues = new Map<string, (QueueKey & { id: string })[]>();
  for (const row of rows.filter((r) => ['queued', 'turn', 'stop_listed'].includes(r.status))) {
    const key = `${row.district_id}/${row.group_year}`;
    const entry = {
      id: row.id,
      queueClass: row.queue_class,
      registeredAt: row.registered_at,
      number: row.number,
    };
    queues.set(key, [...(queues.get(key) ?? []), entry]);
  }
  for (const entries of queues.values()) {
    const seen = { out_of_turn: 0, first_priority: 0, general: 0 };
    for (const [index, entry] of orderQueue(entries, ratio).entries()) {
      seen[entry.queueClass] += 1;
      const benefit = entry.queueClass === 'general' ? null : seen[entry.queueClass];
      expected.set(entry.id, [index + 1, benefit]);
    }
  }
  return expected;
}

/**
 * How often queue_counts() ran while `read` ran: the counting path, never the stored one. (The
 * "xact" counter may hold earlier transactions' calls not yet reported, hence the difference.)
 */
async function countingCalls(read: (trx: Db) => Promise<unknown>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`set local track_functions = 'pl'`.execute(trx);
    const calls = async () =>
      Number(
        (
          await sql<{ n: string | null }>`
            select pg_stat_get_xact_function_calls('queue_counts'::regproc) as n`.execute(trx)
        ).rows[0]!.n ?? 0,
      );
    const before = await calls();
    await read(trx);
    return (await calls()) - before;
  });
}

/**
 * The journal and queueNumbers give every application the numbers of orderQueue, and the journal
 * counts exactly the waiting children of the queues that are behind.
 */
async function expectNumbersRead(label: string) {
  const expected = await expectedNumbers();
  const journal = await journalOf(db, userId, NOW, new Pseudonyms('a test key'));
  expect(new Map(journal.map((a) => [a.id, [a.queueNumber, a.benefitQueueNumber]])), label).toEqual(
    expected,
  );
  for (const [id, numbers] of expected) {
    const read = await queueNumbers(db, id);
    expect([read.queueNumber, read.benefitQueueNumber], `${label}: ${id}`).toEqual(numbers);
  }
  const behind = new Set((await queuesBehind(db)).map((q) => `${q.districtId}/${q.groupYear}`));
  const counted = journal.filter(
    (a) => a.queueNumber !== null && behind.has(`${a.district.id}/${a.groupYear}`),
  ).length;
  expect(
    await countingCalls((trx) => journalOf(trx, userId, NOW, new Pseudonyms('a test key'))),
    label,
  ).toBe(counted);
  expect(await staleQueueNumbers(db), label).toEqual([]);
}

describe('stored queue numbers', () => {
  it('equal orderQueue after every random change: counted until the renumbering, stored after it', async () => {
    const random = seededRandom(13);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const queues: Queue[] = [
      { districtId: districts[0]!, groupYear: 2021 },
      { districtId: districts[0]!, groupYear: 2022 },
      { districtId: districts[1]!, groupYear: 2021 },
    ];
    for (const queue of queues)
      for (let i = 0; i < 8; i += 1)
        await waiting(queue, Math.floor(random() * 300), randomQueueClass(random));
    await renumberQueues(db);
    await expectNumbersRead('start');

    const withStatus = async (...statuses: ApplicationStatus[]) =>
      (
        await db
          .selectFrom('applications')
          .select('id')
          .where('region_id', '=', regionId)
          .where('status', 'in', statuses)
          .orderBy('id')
          .execute()
      ).map((row) => row.id);
    /** One application of one of the statuses, picked at random, gets the status `to`. */
    const move = async (from: ApplicationStatus[], to: ApplicationStatus) => {
      const ids = await withStatus(...from);
      if (ids.length > 0) await setStatus(pick(ids), to);
      return ids.length > 0;
    };
    /** Each change as the server makes it; false when it found no application to change. */
    const changes: Record<string, () => Promise<boolean>> = {
      registration: async () => {
        await waiting(pick(queues), Math.floor(random() * 300), randomQueueClass(random));
        return true;
      },
      'benefit change': async () => {
        const ids = await withStatus('queued', 'turn', 'stop_listed');
        if (ids.length === 0) return false;
        await db
          .updateTable('applications')
          .set({ queue_class: pick(QUEUE_CLASSES) })
          .where('id', '=', pick(ids))
          .execute();
        return true;
      },
      turn: () => move(['queued'], 'turn'),
      'turn lapsed': () => move(['turn'], 'queued'),
      withdrawal: () => move(['queued', 'turn', 'stop_listed'], 'withdrawn'),
      'direction issued': () => move(['queued', 'turn'], 'direction_issued'),
      'direction expired to the stop-list': () => move(['direction_issued'], 'stop_listed'),
      'stop-list ended': () => move(['stop_listed'], 'queued'),
      'direction revoked': () => move(['direction_issued'], 'queued'),
      'new ratio': async () => {
        const ratio = pick([
          [1, 3],
          [2, 3],
          [1, 1],
          [3, 1],
        ]);
        await db
          .updateTable('region_policies')
          .set({ first_priority_ratio: ratio })
          .where('region_id', '=', regionId)
          .execute();
        return true;
      },
    };
    const made = new Set<string>();
    for (let step = 1; step <= 60; step += 1) {
      const name = pick(Object.keys(changes));
      if (!(await changes[name]!())) continue;
      made.add(name);
      await expectNumbersRead(`step ${step}: ${name}`);
      // Now and then a few changes pile up before the renumbering.
      if (random() < 0.5) {
        await renumberQueues(db);
        expect(await queuesBehind(db)).toEqual([]);
        await expectNumbersRead(`step ${step}: ${name}, renumbered`);
      }
    }
    expect([...made].sort()).toEqual(Object.keys(changes).sort());
  });

  it.each([
    ['a registration', 'queued', null, true],
    ['a turn', 'queued', 'turn', false],
    ['a lapsed turn', 'turn', 'queued', false],
    ['the end of a stop-list', 'stop_listed', 'queued', false],
    ['a direction', 'turn', 'direction_issued', true],
    ['a direction expired to the stop-list', 'direction_issued', 'stop_listed', true],
    ['a withdrawal', 'queued', 'withdrawn', true],
    ['a removal', 'stop_listed', 'removed', true],
  ] as const)('%s (%s → %s) leaves a mark on its queue: %s', async (_, from, to, marks) => {
    const queue = { districtId: districts[1]!, groupYear: 2019 };
    await renumberQueues(db);
    const id = await waiting(queue, 10, 'general');
    if (from !== 'queued') await setStatus(id, from);
    if (to !== null) {
      await renumberQueues(db);
      await setStatus(id, to);
    }
    expect(await queuesBehind(db)).toEqual(marks ? [queue] : []);
    await renumberQueues(db);
  });

  it('marks both queues of a child who moves, and renumbering deletes the numbers of those who left', async () => {
    const from = { districtId: districts[0]!, groupYear: 2018 };
    const to = { districtId: districts[1]!, groupYear: 2018 };
    const [a, b] = [await waiting(from, 1, 'general'), await waiting(from, 2, 'general')];
    await renumberQueues(db);
    await db
      .updateTable('applications')
      .set({ district_id: to.districtId })
      .where('id', '=', a)
      .execute();
    expect(await queuesBehind(db)).toEqual([from, to]);
    await setStatus(b, 'withdrawn');
    await renumberQueues(db);
    const stored = await db
      .selectFrom('queue_numbers')
      .select(['application_id', 'district_id', 'queue_number'])
      .where('application_id', 'in', [a, b])
      .execute();
    expect(stored).toEqual([{ application_id: a, district_id: to.districtId, queue_number: 1 }]);
  });

  it.skipIf(!onPostgres)(
    'lets one instance renumber a queue at a time; the other leaves it',
    async () => {
      const queue = { districtId: districts[1]!, groupYear: 2017 };
      await waiting(queue, 1, 'general');
      await db.connection().execute(async (other) => {
        await sql`select pg_advisory_lock((${queue.districtId}::bigint << 32) | ${queue.groupYear})`.execute(
          other,
        );
        expect(await renumberQueue(db, queue)).toBe(false);
        expect(await queuesBehind(db)).toEqual([queue]);
        await sql`select pg_advisory_unlock_all()`.execute(other);
      });
      expect(await renumberQueue(db, queue)).toBe(true);
      expect(await queuesBehind(db)).toEqual([]);
    },
  );

  it.skipIf(!onPostgres)(
    'keeps counting a change that committed after the renumbering read its queue',
    async () => {
      const queue = { districtId: districts[1]!, groupYear: 2016 };
      const first = await waiting(queue, 5, 'general');
      let late = '';
      await db.transaction().execute(async (trx) => {
        late = await waiting(queue, 1, 'out_of_turn', trx);
        // Another connection renumbers the first registration while this one is not committed.
        expect(await renumberQueue(db, queue)).toBe(true);
      });
      expect(await queuesBehind(db)).toEqual([queue]);
      expect(await queueNumbers(db, late)).toEqual({ queueNumber: 1, benefitQueueNumber: 1 });
      expect(await queueNumbers(db, first)).toEqual({ queueNumber: 2, benefitQueueNumber: null });
      await renumberQueues(db);
      expect(await queueNumbers(db, first)).toEqual({ queueNumber: 2, benefitQueueNumber: null });
      await expectNumbersRead('after the late registration');
    },
  );
});
