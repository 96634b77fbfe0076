import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaitEstimateView } from '@kezek/contracts';
import { DEMO_PERSONS } from '../demo/people.ts';
import { appendHistoryRows } from '../history/history.ts';
import { keysFor, signedInWithEds } from '../testing/eds.ts';
import { TEST_START } from '../testing/templates.ts';
import { startWorkspaceWorld, waitingChild, type WorkspaceWorld } from '../testing/workspace.ts';
import { MONTH_SECONDS } from './queries.ts';

let w: WorkspaceWorld;
const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const MONTH_MS = MONTH_SECONDS * 1000;
const DAY = 86_400_000;
let minute = 0;

/** `count` general children of Astana's `groupYear` queue, Olga's, registered in this order. */
async function children(count: number, groupYear: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1)
    ids.push(
      await waitingChild(w, {
        name: `Бала${(minute += 1)}`,
        minute,
        groupYear,
        parentIins: [olga.iin],
      }),
    );
  return ids;
}

/**
 * A place batch of Astana's № 1 for `groupYear` and a turn given for it to each of `turned` at
 * `monthsAgo[i]` months before the test's start (the history rows a release writes), the children
 * then placed.
 */
async function turnsGiven(groupYear: number, turned: string[], monthsAgo: number[]) {
  const db = w.t.database.db;
  const at = (months: number) => new Date(TEST_START.getTime() - months * MONTH_MS);
  const batch = await db
    .insertInto('place_batches')
    .values({
      kindergarten_id: w.kindergartens.no1,
      district_id: w.districts.astana,
      group_year: groupYear,
      language: 'kk',
      total: turned.length,
      free: 0,
      state: 'waiting',
      turn_until: TEST_START,
      created_by: w.admin.userId,
      created_at: at(13),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('applications')
    .set({ status: 'enrolled' })
    .where('id', 'in', turned)
    .execute();
  await db.transaction().execute((trx) =>
    appendHistoryRows(
      trx,
      turned.map((id, i) => ({
        at: at(monthsAgo[i]!),
        actor: 'system',
        event: 'application.turn_given',
        subjectType: 'application',
        subjectId: id,
        before: { status: 'queued' },
        // A turn's row as giveTurns writes it (server/src/places/turns.ts), with its window.
        after: {
          status: 'turn',
          placeBatch: batch.id,
          turnUntil: new Date(at(monthsAgo[i]!).getTime() + 3 * DAY).toISOString(),
        },
      })),
    ),
  );
}

const estimateOf = async (id: string, client = w.parent.client) =>
  client.get(`/api/applications/${id}/wait-estimate`);

let waiting2022: string[];
let waiting2023: string;
let onTurn: string;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  w.t.clock.set(TEST_START);
  // 2022: two turns for general children in each of the last twelve months (24), besides turns
  // the estimate must leave out: one older than twelve months, two of the first-priority class.
  const placed = await children(27, 2022);
  await turnsGiven(2022, placed, [
    ...Array.from({ length: 24 }, (_, i) => Math.floor(i / 2) + 0.5),
    12.5,
    3.5,
    4.5,
  ]);
  await w.t.database.db
    .updateTable('applications')
    .set({ queue_class: 'first_priority', benefit_code: 'large_family', benefit_status: 'claimed' })
    .where('id', 'in', placed.slice(25))
    .execute();
  waiting2022 = await children(12, 2022);
  // 2023: nine turns, but in two months only.
  const placed2023 = await children(9, 2023);
  await turnsGiven(2023, placed2023, [1.5, 1.5, 1.5, 1.5, 1.5, 7.2, 7.2, 7.2, 7.2]);
  [waiting2023, onTurn] = (await children(2, 2023)) as [string, string];
  await w.t.database.db
    .updateTable('applications')
    .set({ status: 'turn', turn_until: new Date(TEST_START.getTime() + 86_400_000) })
    .where('id', '=', onTurn)
    .execute();
});
afterAll(() => w.t.close());

describe('GET /api/applications/:id/wait-estimate', () => {
  it('estimates from the class’s turns of the last twelve months and the children ahead', async () => {
    // Worked by hand in domain/src/wait-estimate.test.ts: 24 turns, 2 a month, 11 ahead.
    const last = await estimateOf(waiting2022[11]!);
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json()).toEqual({
      kind: 'estimate',
      groupYear: 2022,
      queueClass: 'general',
      months: 12,
      turns: 24,
      ahead: 11,
      medianMonths: 6,
      lowMonths: 2,
      highMonths: 11,
    } satisfies WaitEstimateView);
    // First in line: n = 1 (the domain's table again).
    expect((await estimateOf(waiting2022[0]!)).json()).toMatchObject({
      ahead: 0,
      medianMonths: 1,
      lowMonths: 0,
      highMonths: 3,
    });
  });

  it('says "not enough history" when turns came in fewer than three months', async () => {
    expect((await estimateOf(waiting2023)).json()).toEqual({
      kind: 'not_enough_history',
      groupYear: 2023,
      queueClass: 'general',
      months: 12,
      turns: 9,
      ahead: 0,
      medianMonths: null,
      lowMonths: null,
      highMonths: null,
    } satisfies WaitEstimateView);
  });

  it('gives no figures for a child on its turn', async () => {
    expect((await estimateOf(onTurn)).json()).toMatchObject({
      kind: 'not_waiting',
      turns: null,
      ahead: null,
    });
  });

  it('answers only the application’s own parents', async () => {
    const other = DEMO_PERSONS.find((p) => p.parentIins === undefined && p.iin !== olga.iin)!;
    const stranger = await signedInWithEds(w.t, await keysFor(w.ca, other));
    expect((await estimateOf(waiting2022[0]!, stranger)).statusCode).toBe(404);
    expect((await estimateOf(waiting2022[0]!, w.officer.client)).statusCode).toBe(403);
    expect((await estimateOf('999999999')).statusCode).toBe(404);
  });
});
