import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIin,
  orderQueue,
  type ApplicationStatus,
  type PriorityRatio,
  type QueueClass,
} from '@kezek/domain';
import type { OpenDatabase } from '../db/connection.ts';
import { upsertPersons } from '../registry/sql.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { queueNumbers } from './queue.ts';
import { journalOf } from './view.ts';
import { Pseudonyms } from '../pseudonym.ts';
import { randomQueueClass, seededRandom } from '../testing/random.ts';

let database: OpenDatabase;
let districtId: number;
let regionId: number;
let userId: number;
let serial = 0;
/** Every case gets a queue of its own: a group year no other case uses. */
let nextGroupYear = 2000;
const T0 = Date.UTC(2026, 0, 10, 4, 0);

beforeAll(async () => {
  database = await openTestDatabase('migrated');
  const now = new Date(T0);
  regionId = (
    await database.db
      .insertInto('regions')
      .values({ code: 'q', name_kk: 'Q', name_ru: 'Q', name_en: 'Q', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // The default policy: first-priority and general children 1:3.
  await database.db
    .insertInto('region_policies')
    .values({ region_id: regionId, updated_at: now })
    .execute();
  districtId = (
    await database.db
      .insertInto('districts')
      .values({ region_id: regionId, name_kk: 'Q', name_ru: 'Q', name_en: 'Q', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  userId = (
    await database.db
      .insertInto('users')
      .values({
        iin: '791028302728',
        full_name: 'P',
        roles: ['applicant'],
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

interface Case {
  label: string;
  queueClass: QueueClass;
  minute: number;
  status?: ApplicationStatus;
}

/** Inserts one queue of a fresh group year with the real table, indexes and constraints. */
async function seedQueue(groupYear: number, cases: Case[]) {
  const rows = [];
  for (const c of cases) {
    // Apart by two: a serial without a valid check digit takes the next one.
    serial += 2;
    const childIin = makeIin(`${groupYear}-06-01`, 'male', serial);
    await database.db
      .transaction()
      .execute((trx) => upsertPersons(trx, [{ iin: childIin, lastName: c.label, firstName: 'X' }]));
    const row = await database.db
      .insertInto('applications')
      .values({
        number: `UO.2026.${String(serial).padStart(6, '0')}.1`,
        region_id: regionId,
        district_id: districtId,
        group_year: groupYear,
        child_iin: childIin,
        applicant_user_id: userId,
        status: c.status ?? 'queued',
        queue_class: c.queueClass,
        benefit_code: null,
        benefit_status: null,
        registered_at: new Date(T0 + c.minute * 60_000),
        last_changed_at: new Date(T0),
        interest_confirmed_until: new Date(T0 + 365 * 86_400_000),
        language: 'kk',
        email: 'a@b.kz',
        phone: '+77010000000',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    rows.push({ ...row, label: c.label });
  }
  return rows;
}

async function numbersOf(rows: Awaited<ReturnType<typeof seedQueue>>) {
  const result: Record<string, [number | null, number | null]> = {};
  for (const row of rows) {
    const n = await queueNumbers(database.db, row.id);
    result[row.label] = [n.queueNumber, n.benefitQueueNumber];
  }
  return result;
}

describe('queue numbers from the real SQL', () => {
  it.each([
    {
      case: 'out-of-turn before everyone, whatever the instant',
      cases: [
        { label: 'G1', queueClass: 'general', minute: 1 },
        { label: 'F1', queueClass: 'first_priority', minute: 2 },
        { label: 'O1', queueClass: 'out_of_turn', minute: 30 },
      ],
      expected: { O1: [1, 1], F1: [2, 1], G1: [3, null] },
    },
    {
      case: 'first-priority and general interleaved 1:3',
      cases: [
        ...[1, 2, 3, 4, 5].map((m): Case => ({ label: `G${m}`, queueClass: 'general', minute: m })),
        { label: 'F1', queueClass: 'first_priority', minute: 10 },
        { label: 'F2', queueClass: 'first_priority', minute: 11 },
      ],
      expected: {
        F1: [1, 1],
        G1: [2, null],
        G2: [3, null],
        G3: [4, null],
        F2: [5, 2],
        G4: [6, null],
        G5: [7, null],
      },
    },
    {
      case: 'equal instants ordered by number',
      cases: [
        { label: 'A', queueClass: 'general', minute: 5 },
        { label: 'B', queueClass: 'general', minute: 5 },
        { label: 'C', queueClass: 'general', minute: 4 },
      ],
      expected: { C: [1, null], A: [2, null], B: [3, null] },
    },
    {
      case: 'children who left the queue do not count; those waiting on the stop-list do',
      cases: [
        { label: 'gone', queueClass: 'general', minute: 1, status: 'withdrawn' },
        { label: 'directed', queueClass: 'general', minute: 2, status: 'direction_issued' },
        { label: 'paused', queueClass: 'general', minute: 3, status: 'stop_listed' },
        { label: 'me', queueClass: 'general', minute: 4 },
      ],
      expected: { gone: [null, null], directed: [null, null], paused: [1, null], me: [2, null] },
    },
  ] as { case: string; cases: Case[]; expected: Record<string, [number | null, number | null]> }[])(
    '$case',
    async ({ cases, expected }) => {
      const rows = await seedQueue((nextGroupYear += 1), cases);
      expect(await numbersOf(rows)).toEqual(expected);
    },
  );

  it('a removed benefit moves the child to the general class with the original instant', async () => {
    const rows = await seedQueue((nextGroupYear += 1), [
      { label: 'G1', queueClass: 'general', minute: 1 },
      { label: 'F-then-G', queueClass: 'first_priority', minute: 2 },
      { label: 'G2', queueClass: 'general', minute: 3 },
    ]);
    expect((await numbersOf(rows))['F-then-G']).toEqual([1, 1]);
    const moved = rows[1]!;
    await database.db
      .updateTable('applications')
      .set({ queue_class: 'general' })
      .where('id', '=', moved.id)
      .execute();
    const after = await numbersOf(rows);
    expect(after).toEqual({ G1: [1, null], 'F-then-G': [2, null], G2: [3, null] });
  });

  it('agrees with the domain order on a larger random queue', async () => {
    const random = seededRandom(7);
    const cases: Case[] = Array.from({ length: 60 }, (_, i) => {
      return {
        label: `N${i}`,
        queueClass: randomQueueClass(random),
        minute: Math.floor(random() * 20),
      };
    });
    const rows = await seedQueue((nextGroupYear += 1), cases);
    const ordered = orderQueue(
      rows.map((r) => ({
        ...r,
        queueClass: r.queue_class,
        registeredAt: r.registered_at,
      })),
      [1, 3],
    );
    const numbers = await numbersOf(rows);
    for (const [index, row] of ordered.entries()) expect(numbers[row.label]![0]).toBe(index + 1);
  });
});

describe('the journal’s queue numbers', () => {
  it('come from its one statement and equal queueNumbers’ for every class, status and ratio', async () => {
    const random = seededRandom(3);
    const statuses: ApplicationStatus[] = [
      'queued',
      'queued',
      'queued',
      'stop_listed',
      'withdrawn',
      'direction_issued',
    ];
    const cases: Case[] = Array.from({ length: 40 }, (_, i) => {
      return {
        label: `J${i}`,
        queueClass: randomQueueClass(random),
        minute: Math.floor(random() * 15),
        status: statuses[Math.floor(random() * statuses.length)]!,
      };
    });
    const rows = await seedQueue((nextGroupYear += 1), cases);
    for (const ratio of [
      [1, 3],
      [2, 3],
    ] as PriorityRatio[]) {
      await database.db
        .updateTable('region_policies')
        .set({ first_priority_ratio: [...ratio] })
        .where('region_id', '=', regionId)
        .execute();
      const journal = new Map(
        (await journalOf(database.db, userId, new Date(T0), new Pseudonyms('a test key'))).map(
          (a) => [a.id, a],
        ),
      );
      const classes = new Set<string>();
      for (const row of rows) {
        const expected = await queueNumbers(database.db, row.id);
        const application = journal.get(row.id)!;
        expect([application.queueNumber, application.benefitQueueNumber], row.label).toEqual([
          expected.queueNumber,
          expected.benefitQueueNumber,
        ]);
        if (expected.queueNumber !== null) classes.add(row.queue_class);
      }
      expect(classes).toEqual(new Set(['out_of_turn', 'first_priority', 'general']));
    }
    expect(rows.some((row) => ['withdrawn', 'direction_issued'].includes(row.status))).toBe(true);
  });
});
