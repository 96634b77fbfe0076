// A place given back (a direction revoked within 24 hours, expired, or refused with the officer's
// confirmation) goes at once to the next eligible child in line, with a turn of its own, or to
// free choice; the history says which (returnPlaces, docs/rules.md).
import { TestClient } from '../testing/harness.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONS } from '../demo/people.ts';
import { insertWaitingApplications } from '../testing/applications.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import { signedBody } from '../testing/eds.ts';
import { freshAddress } from '../testing/world.ts';
import {
  signedPost,
  startWorkspaceWorld,
  type Account,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

let w: WorkspaceWorld;
let regionId: number;
let serial = 0;
const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  regionId = (
    await w.t.database.db
      .selectFrom('districts')
      .select('region_id')
      .where('id', '=', w.districts.astana)
      .executeTakeFirstOrThrow()
  ).region_id;
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

/** Children of the parent waiting in Astana's queue of `groupYear`, in the order given. */
async function waiting(
  groupYear: number,
  languages: readonly ('kk' | 'ru' | 'en')[],
): Promise<string[]> {
  return insertWaitingApplications(
    w.t.database.db,
    languages.map((language, index) => {
      serial += 2;
      return {
        regionId,
        districtId: w.districts.astana,
        applicantUserId: w.parent.userId,
        serial,
        minute: index + 1,
        birthDate: `${groupYear}-01-05`,
        child: { lastName: 'Кезекте', firstName: `Бала${serial}`, parentIins: [olga.iin] },
        language,
      };
    }),
  );
}

const signed = (who: Account, url: string, action: string, fields: object) =>
  signedPost({ ...who, client: freshAddress(who.client) }, url, action, fields);

async function addPlaces(groupYear: number, count: number) {
  const response = await w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no1,
    groupYear,
    language: 'kk',
    count,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; turnUntil: string; turnsGiven: number };
}

async function choose(applicationId: string, placeId: string) {
  return signed(w.parent, `/api/applications/${applicationId}/direction`, 'direction.choose', {
    applicationId,
    placeId,
  });
}

async function chosen(applicationId: string, placeId: string) {
  const response = await choose(applicationId, placeId);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; expiresAt: string };
}

const revoke = (directionId: string) =>
  signed(w.parent, `/api/directions/${directionId}/revoke`, 'direction.revoke', {
    directionId,
    reason: 'Далеко от дома',
  });

async function refuse(directionId: string): Promise<string> {
  const refusal = await signed(
    w.staff,
    `/api/directions/${directionId}/refuse`,
    'direction.refuse',
    {
      directionId,
      reason: 'Нет медицинской справки',
    },
  );
  expect(refusal.statusCode, refusal.body).toBe(200);
  return refusal.json().id as string;
}

async function refuseAndConfirm(directionId: string) {
  const refusalId = await refuse(directionId);
  const decision = await signed(
    w.officer,
    `/api/refusals/${refusalId}/decision`,
    'refusal.decide',
    {
      refusalId,
      confirm: true,
    },
  );
  expect(decision.statusCode, decision.body).toBe(200);
}

const tick = async () =>
  (await w.t.app.inject({ method: 'POST', url: '/api/test/tick' })).json() as Record<
    string,
    number
  >;

const applicationRow = (id: string) =>
  w.t.database.db
    .selectFrom('applications')
    .select(['status', 'turn_batch_id', 'turn_until', 'number'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const batchRow = (id: string) =>
  w.t.database.db
    .selectFrom('place_batches')
    .select(['free', 'state', 'turn_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The batch's `places.returned` rows: where each place given back went. */
const returnedTo = async (batchId: string): Promise<Record<string, unknown>[]> =>
  (
    await w.t.database.db
      .selectFrom('history')
      .select(['actor', 'after'])
      .where('subject_type', '=', 'place_batch')
      .where('subject_id', '=', batchId)
      .where('event', '=', 'places.returned')
      .orderBy('id')
      .execute()
  ).map((row) => ({ actor: row.actor, ...(row.after as Record<string, unknown>) }));

const lastHistory = async (applicationId: string) =>
  (await w.parent.client.get(`/api/applications/${applicationId}/history`)).json().items.at(-1);

const offeredPlaces = async (applicationId: string) =>
  (await w.parent.client.get(`/api/applications/${applicationId}/offers`)).json().items as {
    placeId: string;
    mode: string;
    free: number;
  }[];

/** Expects the next child's turn: on the batch, its own window from now, its message, its history. */
async function expectTurnGiven(
  applicationId: string,
  batchId: string,
  windowDays: number,
  subject: (number: string) => string,
) {
  const now = w.t.clock.now();
  const row = await applicationRow(applicationId);
  expect(row).toMatchObject({
    status: 'turn',
    turn_batch_id: batchId,
    turn_until: new Date(now.getTime() + windowDays * DAY),
  });
  const messages = await w.t.database.db
    .selectFrom('outbox')
    .select(['channel', 'created_at'])
    .where('subject', '=', subject(row.number))
    .execute();
  expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'inapp', 'sms']);
  expect(messages.every((m) => m.created_at.getTime() === now.getTime())).toBe(true);
  expect(await lastHistory(applicationId)).toMatchObject({
    event: 'application.turn_given',
    fromStatus: 'queued',
    toStatus: 'turn',
    details: { placeBatch: batchId, placeReturned: true, turnUntil: row.turn_until!.toISOString() },
  });
}

const inRussian = (number: string) => `Заявление ${number}: подошла ваша очередь`;
const inEnglish = (number: string) => `Application ${number}: your turn has come`;
const inKazakh = (number: string) => `${number} өтініші: кезегіңіз келді`;

describe('a direction revoked within 24 hours', () => {
  it('gives its place to the next child in line, with a turn of its own that outlives the batch’s window', async () => {
    w.t.clock.set(new Date('2026-04-06T10:00:00+05:00'));
    const [first, next, third] = await waiting(2021, ['ru', 'en', 'ru']);
    const batch = await addPlaces(2021, 1);
    expect(batch.turnsGiven).toBe(1);
    const direction = await chosen(first!, batch.id);
    w.t.clock.advance(20 * 3_600_000);

    expect((await revoke(direction.id)).statusCode).toBe(200);
    // The child who gave the place back is first in line again, but is not offered it.
    expect(await applicationRow(first!)).toMatchObject({ status: 'queued', turn_batch_id: null });
    await expectTurnGiven(next!, batch.id, 3, inEnglish);
    expect((await applicationRow(third!)).status).toBe('queued');
    expect(await returnedTo(batch.id)).toEqual([
      {
        actor: `user:${w.parent.userId}`,
        direction: direction.number,
        to: 'turn',
        application: next,
        turnUntil: (await applicationRow(next!)).turn_until!.toISOString(),
      },
    ]);
    expect(await lastHistory(first!)).toMatchObject({
      event: 'application.direction_revoked',
      details: { placeTo: 'turn' },
    });
    expect(await batchRow(batch.id)).toMatchObject({ free: 1, state: 'waiting' });

    // The batch's window ends: the batch goes to free choice, but the late turn keeps its place.
    w.t.clock.set(new Date(new Date(batch.turnUntil).getTime() + 1000));
    expect((await tick()).turnsLapsed).toBe(0);
    expect(await batchRow(batch.id)).toMatchObject({ free: 1, state: 'free_choice' });
    expect((await applicationRow(next!)).status).toBe('turn');
    expect(await offeredPlaces(third!)).toEqual([]);
    const notYours = await choose(third!, batch.id);
    expect([notYours.statusCode, notYours.json().code]).toEqual([409, 'not_your_turn']);
    expect(await offeredPlaces(next!)).toEqual([
      expect.objectContaining({ placeId: batch.id, mode: 'turn', free: 1 }),
    ]);
    expect((await w.parent.client.get(`/api/applications/${next}`)).json()).toMatchObject({
      status: 'turn',
      actions: expect.arrayContaining(['chooseState']),
    });
    expect((await w.parent.client.get(`/api/applications/${third}`)).json().actions).not.toContain(
      'chooseState',
    );

    // The late turn ends unused: its place goes to free choice, as an unused turn's place does.
    const nextTurn = (await applicationRow(next!)).turn_until!;
    w.t.clock.set(new Date(nextTurn.getTime() + 1000));
    expect((await tick()).turnsLapsed).toBe(1);
    expect((await applicationRow(next!)).status).toBe('queued');
    expect(await offeredPlaces(third!)).toEqual([
      expect.objectContaining({ placeId: batch.id, mode: 'free_choice', free: 1 }),
    ]);
    await chosen(third!, batch.id);
  });

  it('opens its place to free choice at once when nobody else waits', async () => {
    w.t.clock.set(new Date('2026-05-04T10:00:00+05:00'));
    const [only] = await waiting(2022, ['ru']);
    const batch = await addPlaces(2022, 1);
    const direction = await chosen(only!, batch.id);
    expect((await revoke(direction.id)).statusCode).toBe(200);
    expect(await batchRow(batch.id)).toMatchObject({ free: 1, state: 'free_choice' });
    expect(await returnedTo(batch.id)).toEqual([
      { actor: `user:${w.parent.userId}`, direction: direction.number, to: 'free_choice' },
    ]);
    expect(await lastHistory(only!)).toMatchObject({ details: { placeTo: 'free_choice' } });
    expect(await offeredPlaces(only!)).toEqual([
      expect.objectContaining({ placeId: batch.id, mode: 'free_choice' }),
    ]);
  });
});

describe('directions that expire', () => {
  it('give their places, in one sweep, to the next children in line while the batch offers turns', async () => {
    // A window longer than the enrolment deadline: the batch still offers turns when they expire.
    await w.t.database.db
      .updateTable('region_policies')
      .set({ turn_window_days: 14 })
      .where('region_id', '=', regionId)
      .execute();
    try {
      w.t.clock.set(new Date('2026-07-06T10:00:00+05:00'));
      await tick(); // the earlier tests' deadlines pass now, not in the sweep below
      const [a, b, x, y, z] = await waiting(2023, ['ru', 'ru', 'en', 'kk', 'ru']);
      const batch = await addPlaces(2023, 2);
      const [da, db] = [await chosen(a!, batch.id), await chosen(b!, batch.id)];
      expect(da.expiresAt).toBe(db.expiresAt);
      w.t.clock.set(new Date(new Date(da.expiresAt).getTime() + 1));
      expect((await tick()).directionsExpired).toBe(2);
      expect((await applicationRow(a!)).status).toBe('stop_listed');
      await expectTurnGiven(x!, batch.id, 14, inEnglish);
      await expectTurnGiven(y!, batch.id, 14, inKazakh);
      expect((await applicationRow(z!)).status).toBe('queued');
      const to = await returnedTo(batch.id);
      expect(to).toHaveLength(2);
      expect(to.every((row) => row.actor === 'system' && row.to === 'turn')).toBe(true);
      expect(await lastHistory(a!)).toMatchObject({
        event: 'application.stop_listed',
        details: { placeTo: 'turn' },
      });
    } finally {
      await w.t.database.db
        .updateTable('region_policies')
        .set({ turn_window_days: 3 })
        .where('region_id', '=', regionId)
        .execute();
    }
  });

  it('gives its place to free choice when the batch is there already', async () => {
    w.t.clock.set(new Date('2026-08-03T10:00:00+05:00'));
    await tick();
    const [a, x] = await waiting(2024, ['ru', 'ru']);
    const batch = await addPlaces(2024, 1);
    const direction = await chosen(a!, batch.id);
    w.t.clock.set(new Date(new Date(direction.expiresAt).getTime() + 1));
    expect((await tick()).directionsExpired).toBe(1);
    expect((await applicationRow(x!)).status).toBe('queued');
    expect(await batchRow(batch.id)).toMatchObject({ free: 1, state: 'free_choice' });
    expect(await returnedTo(batch.id)).toEqual([
      { actor: 'system', direction: direction.number, to: 'free_choice' },
    ]);
    expect(await lastHistory(a!)).toMatchObject({ details: { placeTo: 'free_choice' } });
    expect(await offeredPlaces(x!)).toEqual([
      expect.objectContaining({ placeId: batch.id, mode: 'free_choice', free: 1 }),
    ]);
  });
});

describe('a refusal the officer confirms', () => {
  it('gives the place to the next child in line', async () => {
    w.t.clock.set(new Date('2026-09-07T10:00:00+05:00'));
    const [a, x] = await waiting(2025, ['ru', 'kk']);
    const batch = await addPlaces(2025, 1);
    const direction = await chosen(a!, batch.id);
    await refuseAndConfirm(direction.id);
    expect((await applicationRow(a!)).status).toBe('refused');
    await expectTurnGiven(x!, batch.id, 3, inKazakh);
    expect(await returnedTo(batch.id)).toEqual([
      {
        actor: `user:${w.officer.userId}`,
        direction: direction.number,
        to: 'turn',
        application: x,
        turnUntil: (await applicationRow(x!)).turn_until!.toISOString(),
      },
    ]);
    expect(await lastHistory(a!)).toMatchObject({
      event: 'application.refusal_confirmed',
      details: { placeTo: 'turn' },
    });
  });

  it('opens the place to free choice when nobody else waits', async () => {
    w.t.clock.set(new Date('2026-10-05T10:00:00+05:00'));
    const [a] = await waiting(2020, ['ru']);
    const batch = await addPlaces(2020, 1);
    const direction = await chosen(a!, batch.id);
    await refuseAndConfirm(direction.id);
    expect(await batchRow(batch.id)).toMatchObject({ free: 1, state: 'free_choice' });
    expect(await returnedTo(batch.id)).toEqual([
      { actor: `user:${w.officer.userId}`, direction: direction.number, to: 'free_choice' },
    ]);
  });

  it('never gives one child two turns when two places are given back at once', async () => {
    w.t.clock.set(new Date('2026-11-02T10:00:00+05:00'));
    const [a, b, x, y, z] = await waiting(2026, ['ru', 'ru', 'ru', 'ru', 'ru']);
    const batch = await addPlaces(2026, 2);
    const [da, db] = [await chosen(a!, batch.id), await chosen(b!, batch.id)];
    const refusals = [await refuse(da.id), await refuse(db.id)];
    // Signed first, sent together from two sessions (two officers' browsers; one session sends
    // one signed request at a time): on PostgreSQL the two decisions run at the same time.
    const bodies = [];
    for (const refusalId of refusals) {
      const client = await TestClient.withUserSession(w.t, w.officer.userId);
      bodies.push({
        refusalId,
        client,
        body: await signedBody(client, w.officer.keys.sign, 'refusal.decide', {
          refusalId,
          confirm: true,
        }),
      });
    }
    const responses = await Promise.all(
      bodies.map(({ refusalId, client, body }) =>
        client.post(`/api/refusals/${refusalId}/decision`, body),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200]);
    for (const id of [x, y]) await expectTurnGiven(id!, batch.id, 3, inRussian);
    expect((await applicationRow(z!)).status).toBe('queued');
    const to = await returnedTo(batch.id);
    expect(to.map((row) => row.application as string).sort()).toEqual([x, y].sort());
    expect(await batchRow(batch.id)).toMatchObject({ free: 2, state: 'waiting' });
  });
});
