import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { orderQueue, type QueueClass } from '@kezek/domain';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { verifyHistoryChain } from '../history/history.ts';
import {
  districtOfKindergarten,
  insertWaitingApplication,
  insertWaitingApplications,
} from '../testing/applications.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { expectInvariants } from '../testing/invariants.ts';
import { randomQueueClass, seededRandom } from '../testing/random.ts';

let t: TestApp;
let staff: TestClient;
let otherStaff: TestClient;
let kindergartenId: number;
let foreignKindergartenId: number;
let districtId: number;
let regionId: number;
let applicantId: number;
const staffAccount = DEMO_ACCOUNTS.find((a) => a.iin === '870514430032')!;
const otherAccount = DEMO_ACCOUNTS.find((a) => a.iin === '900809430044')!;
let serial = 0;

/** A waiting application straight in the table: these tests are about the release, not registration. */
async function waiting(
  groupYear: number,
  queueClass: QueueClass,
  minute: number,
  status: 'queued' | 'turn' | 'stop_listed' = 'queued',
  birthDate = `${groupYear}-05-05`,
) {
  serial += 2;
  return insertWaitingApplication(t.database.db, {
    regionId,
    districtId,
    applicantUserId: applicantId,
    serial,
    minute,
    birthDate,
    groupYear,
    child: { lastName: 'Бала', firstName: `N${serial}` },
    queueClass,
    status,
  });
}

const statusOf = async (id: string) =>
  await t.database.db
    .selectFrom('applications')
    .select(['status', 'turn_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** A child for insertWaitingApplications, in this test's district, with the next serial. */
function plantedChild(child: {
  minute: number;
  birthDate: string;
  groupYear: number;
  firstName: string;
  queueClass: QueueClass;
  status: 'queued' | 'stop_listed';
}) {
  serial += 2;
  const { firstName, ...rest } = child;
  return {
    ...rest,
    regionId,
    districtId,
    applicantUserId: applicantId,
    serial,
    child: { lastName: 'Бала', firstName },
  };
}

/**
 * Plants the children and answers the first `count` eligible (queued, born on `eligibleBirth`)
 * in the domain's queue order, the test region's ratio 1:3.
 */
async function firstEligible(
  children: ReturnType<typeof plantedChild>[],
  eligibleBirth: string,
  count: number,
) {
  const ids = await insertWaitingApplications(t.database.db, children);
  return orderQueue(
    children.map((c, index) => ({
      ...c,
      id: ids[index]!,
      number: `UO.2025.${String(c.serial).padStart(6, '0')}.1`,
      registeredAt: new Date(Date.UTC(2025, 0, 1, 0, c.minute)),
    })),
    [1, 3],
  )
    .filter((c) => c.status === 'queued' && c.birthDate === eligibleBirth)
    .slice(0, count);
}

beforeAll(async () => {
  t = await startTestApp();
  staff = new TestClient(t.app);
  await staff.signIn(staffAccount.iin, staffAccount.password);
  otherStaff = new TestClient(t.app);
  await otherStaff.signIn(otherAccount.iin, otherAccount.password);
  const me = (await staff.get('/api/me')).json().user;
  kindergartenId = me.kindergartenIds[0];
  foreignKindergartenId = (await otherStaff.get('/api/me')).json().user.kindergartenIds[0];
  ({ districtId, regionId } = await districtOfKindergarten(t.database.db, kindergartenId));
  const now = t.clock.now();
  applicantId = (
    await t.database.db
      .insertInto('users')
      .values({
        iin: '061211600012',
        full_name: 'Parent',
        roles: ['applicant'],
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
// After all tests, not each: the first test plants a turn without its release to test the order.
afterAll(async () => {
  await expectInvariants(t.database.db);
  await t.close();
});

describe('releasing free places', () => {
  it('gives the turn to the next eligible children in queue order, one per place, and notifies them', async () => {
    const g1 = await waiting(2021, 'general', 1);
    const onTurn = await waiting(2021, 'first_priority', 0, 'turn');
    const g2 = await waiting(2021, 'general', 2);
    const g3 = await waiting(2021, 'general', 3);
    const f2 = await waiting(2021, 'first_priority', 9);
    const tooOld = await waiting(2021, 'out_of_turn', 0, 'queued', '2019-01-01');
    const stopListed = await waiting(2021, 'out_of_turn', 1, 'stop_listed');
    const g4 = await waiting(2021, 'general', 4);
    // Order: stop-listed O, too-old O, F(turn), G1, G2, G3, F2, G4 → the three places go to G1, G2, G3.
    t.clock.set(new Date('2026-03-02T09:00:00+05:00'));
    const response = await staff.post('/api/places', {
      kindergartenId,
      groupYear: 2021,
      language: 'kk',
      count: 3,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      total: 3,
      free: 3,
      state: 'waiting',
      turnsGiven: 3,
      turnUntil: '2026-03-05T04:00:00.000Z',
    });
    for (const id of [g1, g2, g3]) expect((await statusOf(id)).status).toBe('turn');
    for (const id of [f2, g4]) expect((await statusOf(id)).status).toBe('queued');
    expect((await statusOf(tooOld)).status).toBe('queued');
    expect((await statusOf(stopListed)).status).toBe('stop_listed');
    expect((await statusOf(onTurn)).status).toBe('turn');
    const turnMails = await t.database.db
      .selectFrom('outbox')
      .select('subject')
      .where('channel', '=', 'email')
      .where('subject', 'like', '%кезегіңіз келді%')
      .execute();
    expect(turnMails).toHaveLength(3);
  });

  it('ends the turn window: the places go to free choice and turn-holders go back to queued', async () => {
    const before = (await staff.get('/api/places?groupYear=2021')).json().items[0];
    t.clock.set(new Date(new Date(before.turnUntil).getTime() + 1000));
    const tick = (await new TestClient(t.app).post('/api/test/tick')).json();
    expect(tick.turnsLapsed).toBe(4);
    const after = (await staff.get('/api/places?groupYear=2021')).json().items[0];
    expect(after).toMatchObject({ id: before.id, state: 'free_choice', free: 3 });
    const stillOnTurn = await t.database.db
      .selectFrom('applications')
      .select('id')
      .where('status', '=', 'turn')
      .execute();
    expect(stillOnTurn).toEqual([]);
    // Each parent is told that the turn ended and the child keeps its place, on every channel.
    const lapsedMessages = await t.database.db
      .selectFrom('outbox')
      .select(['channel', 'subject', 'body'])
      .where('subject', 'like', '%таңдау мерзімі өтті%')
      .execute();
    expect(lapsedMessages.filter((m) => m.channel === 'email')).toHaveLength(4);
    expect(lapsedMessages.filter((m) => m.channel === 'inapp')).toHaveLength(4);
    expect(lapsedMessages.find((m) => m.channel === 'email')!.body).toContain(
      'Бала кезектегі өз орнында қалады',
    );
    expect((await new TestClient(t.app).post('/api/test/tick')).json().turnsLapsed).toBe(0);
  });

  it('opens the places to free choice at once when nobody is waiting', async () => {
    const response = await staff.post('/api/places', {
      kindergartenId,
      groupYear: 2024,
      language: 'kk',
      count: 2,
    });
    expect(response.json()).toMatchObject({ state: 'free_choice', turnsGiven: 0 });
  });

  it('never gives one child two turns when two releases of one queue run at once', async () => {
    const ids = await Promise.all([5, 6, 7, 8].map((m) => waiting(2022, 'general', m)));
    const [a, b] = await Promise.all([
      staff.post('/api/places', { kindergartenId, groupYear: 2022, language: 'kk', count: 2 }),
      staff.post('/api/places', { kindergartenId, groupYear: 2022, language: 'kk', count: 2 }),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([201, 201]);
    expect([a.json().turnsGiven, b.json().turnsGiven]).toEqual([2, 2]);
    for (const id of ids) expect((await statusOf(id)).status).toBe('turn');
  });

  it('gives 300 turns in one release: each with its history row in queue order and its messages', async () => {
    // 360 children of three classes, registered in a shuffled order, some on the stop-list and
    // some past the age limit: the 300 places go to the first 300 eligible in the domain's order.
    const random = seededRandom(11);
    const children = Array.from({ length: 360 }, (_, i) =>
      plantedChild({
        minute: Math.floor(random() * 1000),
        birthDate: i % 17 === 5 ? '2019-01-01' : '2023-05-05',
        groupYear: 2023,
        firstName: `M${i}`,
        queueClass: randomQueueClass(random),
        status: i % 13 === 7 ? 'stop_listed' : 'queued',
      }),
    );
    const expected = await firstEligible(children, '2023-05-05', 300);
    expect(expected).toHaveLength(300);
    const last = async (table: 'history' | 'outbox') =>
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.val('0')).as('id'))
          .executeTakeFirstOrThrow()
      ).id;
    const [historyBefore, outboxBefore] = [await last('history'), await last('outbox')];

    const response = await staff.post('/api/places', {
      kindergartenId,
      groupYear: 2023,
      language: 'kk',
      count: 300,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().turnsGiven).toBe(300);

    const turns = await t.database.db
      .selectFrom('applications')
      .select('id')
      .where('group_year', '=', 2023)
      .where('status', '=', 'turn')
      .where('turn_batch_id', '=', response.json().id)
      .execute();
    expect(new Set(turns.map((r) => r.id))).toEqual(new Set(expected.map((c) => c.id)));
    const history = await t.database.db
      .selectFrom('history')
      .select(['event', 'subject_id'])
      .where('id', '>', historyBefore)
      .orderBy('id')
      .execute();
    expect(history[0]).toEqual({ event: 'places.added', subject_id: response.json().id });
    expect(history.slice(1)).toEqual(
      expected.map((c) => ({ event: 'application.turn_given', subject_id: c.id })),
    );
    const outbox = await t.database.db
      .selectFrom('outbox')
      .select(['channel', 'subject'])
      .where('id', '>', outboxBefore)
      .orderBy('id')
      .execute();
    expect(outbox).toEqual(
      expected.flatMap((c) =>
        ['email', 'sms', 'inapp'].map((channel) => ({
          channel,
          subject: `${c.number} өтініші: кезегіңіз келді`,
        })),
      ),
    );
    expect((await verifyHistoryChain(t.database.db)).ok).toBe(true);
    await expectInvariants(t.database.db);
  });

  it('passes a long head of children who cannot have a turn, page by page, to the next eligible ones', async () => {
    // More children on the stop-list or at the age limit lead each class than a first page holds
    // (allocate.ts); the out-of-turn children's places are taken first, the rest interleaved.
    const head = (queueClass: QueueClass, count: number, from: number, tooOld = false) =>
      Array.from({ length: count }, (_, i) =>
        plantedChild({
          minute: from + i,
          birthDate: tooOld ? '2019-01-01' : '2024-05-05',
          groupYear: 2024,
          firstName: `P${from + i}`,
          queueClass,
          status: tooOld || from > 0 || queueClass === 'general' ? 'queued' : 'stop_listed',
        }),
      );
    const children = [
      ...head('out_of_turn', 20, 0),
      ...head('out_of_turn', 10, 20, true),
      ...head('out_of_turn', 2, 30),
      ...head('first_priority', 20, 0),
      ...head('first_priority', 4, 20),
      ...head('general', 30, 0),
    ];
    const expected = await firstEligible(children, '2024-05-05', 6);
    expect(expected.filter((c) => c.queueClass === 'out_of_turn')).toHaveLength(2);
    const response = await staff.post('/api/places', {
      kindergartenId,
      groupYear: 2024,
      language: 'kk',
      count: 6,
    });
    expect(response.json()).toMatchObject({ turnsGiven: 6 });
    const turns = await t.database.db
      .selectFrom('applications')
      .select('id')
      .where('status', '=', 'turn')
      .where('turn_batch_id', '=', response.json().id)
      .execute();
    expect(new Set(turns.map((r) => r.id))).toEqual(new Set(expected.map((c) => c.id)));
  });

  it.each([
    [
      'another kindergarten’s places',
      () => ({ kindergartenId: foreignKindergartenId, groupYear: 2021, language: 'ru', count: 1 }),
      404,
      'not_found',
    ],
    [
      'a language the kindergarten does not teach',
      () => ({ kindergartenId, groupYear: 2021, language: 'en', count: 1 }),
      422,
      'language_not_taught',
    ],
    [
      'a group year whose children have all reached the age limit',
      () => ({ kindergartenId, groupYear: 2018, language: 'kk', count: 1 }),
      422,
      'group_year_out_of_range',
    ],
    [
      'a group year not born yet',
      () => ({ kindergartenId, groupYear: 2027, language: 'kk', count: 1 }),
      422,
      'group_year_out_of_range',
    ],
    [
      'no places',
      () => ({ kindergartenId, groupYear: 2021, language: 'kk', count: 0 }),
      400,
      'validation_failed',
    ],
  ])('refuses %s', async (_case, body, status, code) => {
    const response = await staff.post('/api/places', body());
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('keeps a saved batch immutable: the database refuses corrections and deletion', async () => {
    const batch = (await staff.get('/api/places?limit=1')).json().items[0];
    await expect(
      sql`update place_batches set total = 99 where id = ${batch.id}`.execute(t.database.db),
    ).rejects.toThrow(/cannot be corrected/);
    await expect(
      sql`delete from place_batches where id = ${batch.id}`.execute(t.database.db),
    ).rejects.toThrow(/cannot be deleted/);
    await expect(
      sql`update place_batches set free = free + 1 where id = ${batch.id}`.execute(t.database.db),
    ).rejects.toThrow();
  });

  it('lists only the caller’s kindergartens, with filters and paging', async () => {
    const mine = (await staff.get('/api/places?limit=2')).json();
    expect(mine.items).toHaveLength(2);
    expect(
      mine.items.every(
        (b: { kindergarten: { id: number } }) => b.kindergarten.id === kindergartenId,
      ),
    ).toBe(true);
    const next = (await staff.get(`/api/places?limit=2&cursor=${mine.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(mine.items[1].id);
    expect((await otherStaff.get('/api/places')).json().items).toEqual([]);
    expect(
      (await staff.get('/api/places?state=free_choice'))
        .json()
        .items.every((b: { state: string }) => b.state === 'free_choice'),
    ).toBe(true);
    expect((await new TestClient(t.app).get('/api/places')).statusCode).toBe(401);
  });

  it('filters by the day added, in Almaty, both ends included', async () => {
    const add = async (at: string) => {
      t.clock.set(new Date(at));
      const response = await staff.post('/api/places', {
        kindergartenId,
        groupYear: 2025,
        language: 'kk',
        count: 1,
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    const lateOn10th = await add('2026-03-10T23:30:00+05:00');
    const earlyOn11th = await add('2026-03-11T00:10:00+05:00');
    const on12th = await add('2026-03-12T12:00:00+05:00');
    const ids = async (query: string) =>
      (await staff.get(`/api/places?groupYear=2025&${query}`))
        .json()
        .items.map((b: { id: string }) => b.id);
    expect(await ids('addedFrom=2026-03-11')).toEqual([on12th, earlyOn11th]);
    expect(await ids('addedTo=2026-03-10')).toEqual([lateOn10th]);
    expect(await ids('addedFrom=2026-03-11&addedTo=2026-03-11')).toEqual([earlyOn11th]);
    expect(await ids('addedFrom=2026-03-12&addedTo=2026-03-11')).toEqual([]);
    const bad = await staff.get('/api/places?addedFrom=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });
});

describe('the group years places can be added for', () => {
  it('are the birth years under the region’s age limit on the server’s date', async () => {
    t.clock.set(new Date('2026-12-31T23:59:00+05:00'));
    const years = await staff.get(`/api/places/group-years?kindergartenId=${kindergartenId}`);
    expect(years.statusCode).toBe(200);
    expect(years.json()).toEqual({ items: [2020, 2021, 2022, 2023, 2024, 2025, 2026] });
    // Midnight in Almaty, not in UTC, opens the new year.
    t.clock.set(new Date('2027-01-01T00:00:00+05:00'));
    expect(
      (await staff.get(`/api/places/group-years?kindergartenId=${kindergartenId}`)).json().items,
    ).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
  });

  it('follow the region’s policy', async () => {
    t.clock.set(new Date('2026-03-02T09:00:00+05:00'));
    await t.database.db
      .updateTable('region_policies')
      .set({ age_limit_years: 3 })
      .where('region_id', '=', regionId)
      .execute();
    try {
      expect(
        (await staff.get(`/api/places/group-years?kindergartenId=${kindergartenId}`)).json(),
      ).toEqual({ items: [2023, 2024, 2025, 2026] });
      const refused = await staff.post('/api/places', {
        kindergartenId,
        groupYear: 2022,
        language: 'kk',
        count: 1,
      });
      expect(refused.json().code).toBe('group_year_out_of_range');
    } finally {
      await t.database.db
        .updateTable('region_policies')
        .set({ age_limit_years: 7 })
        .where('region_id', '=', regionId)
        .execute();
    }
  });

  it('are not told for another kindergarten, nor to someone who cannot add places', async () => {
    const foreign = await staff.get(
      `/api/places/group-years?kindergartenId=${foreignKindergartenId}`,
    );
    expect(foreign.statusCode).toBe(404);
    const anonymous = await new TestClient(t.app).get(
      `/api/places/group-years?kindergartenId=${kindergartenId}`,
    );
    expect(anonymous.statusCode).toBe(401);
  });
});
