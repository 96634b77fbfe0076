// Issue 17, item 5: the transfer of an enrolled child to another kindergarten, served from places
// released there before the queue's turns, oldest request first (docs/rules.md, "Transfers").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvariants } from '../testing/invariants.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const GROUP_YEAR = 2022;
let w: WorkspaceWorld;
const enrolled: { applicationId: string; enrolmentId: string }[] = [];
let waiting: string;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  for (let i = 0; i < 2; i += 1) {
    const direction = await issueDirection(w, {
      kindergartenId: w.kindergartens.no7,
      staff: w.staff,
      groupYear: GROUP_YEAR,
    });
    const accepted = await signedPost(
      w.staff,
      `/api/directions/${direction.directionId}/accept`,
      'direction.accept',
      { directionId: direction.directionId },
    );
    expect(accepted.statusCode).toBe(200);
    enrolled.push({ applicationId: direction.applicationId, enrolmentId: accepted.json().id });
  }
  waiting = await waitingChild(w, {
    name: 'Күтуші',
    minute: 21,
    groupYear: GROUP_YEAR,
    parentIins: [],
  });
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

const request = (applicationId: string, kindergartenIds: number[]) =>
  signedPost(w.parent, `/api/applications/${applicationId}/transfer`, 'transfer.request', {
    applicationId,
    kindergartenIds,
  });
const withdraw = (applicationId: string) =>
  signedPost(
    w.parent,
    `/api/applications/${applicationId}/transfer/withdraw`,
    'transfer.withdraw',
    {
      applicationId,
    },
  );
const transferOf = async (applicationId: string) =>
  (await w.parent.client.get(`/api/applications/${applicationId}/transfer`)).json();
const later = (minutes: number) =>
  w.t.clock.set(new Date(w.t.clock.now().getTime() + minutes * 60_000));

describe('transfers', () => {
  it.each([
    {
      why: 'the own kindergarten',
      ids: () => [w.kindergartens.no1, w.kindergartens.no7],
      status: 422,
      code: 'transfer_own_kindergarten',
    },
    {
      why: 'another district',
      ids: () => [w.kindergartens.no9],
      status: 422,
      code: 'preferences_outside_district',
    },
    {
      why: 'a private kindergarten',
      ids: () => [w.kindergartens.nurly],
      status: 422,
      code: 'preferences_outside_district',
    },
    { why: 'none', ids: () => [], status: 422, code: 'preferences_required' },
    {
      why: 'twice',
      ids: () => [w.kindergartens.no1, w.kindergartens.no1],
      status: 422,
      code: 'preferences_repeated',
    },
  ])('refuses $why, nothing saved', async ({ ids, status, code }) => {
    const response = await request(enrolled[0]!.applicationId, ids());
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
    expect(await transferOf(enrolled[0]!.applicationId)).toBeNull();
  });

  it('refuses a child who is not enrolled', async () => {
    const response = await request(waiting, [w.kindergartens.no1]);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('transfer_not_enrolled');
  });

  it('saves a signed request, one open at a time', async () => {
    const first = await request(enrolled[0]!.applicationId, [w.kindergartens.no1]);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'open',
      kindergartens: [{ id: w.kindergartens.no1 }],
      grantedKindergartenId: null,
    });
    const again = await request(enrolled[0]!.applicationId, [w.kindergartens.no1]);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('transfer_already_requested');
    later(5);
    expect((await request(enrolled[1]!.applicationId, [w.kindergartens.no1])).statusCode).toBe(201);
    const history = (
      await w.parent.client.get(`/api/applications/${enrolled[0]!.applicationId}/history`)
    ).json().items;
    expect(history.at(-1)).toMatchObject({ event: 'application.transfer_requested', signed: true });
  });

  it('grants the oldest request from places released at the kindergarten, and gives the old place back', async () => {
    later(5);
    const released = await w.staff.client.post('/api/places', {
      kindergartenId: w.kindergartens.no1,
      groupYear: GROUP_YEAR,
      language: 'kk',
      count: 1,
    });
    expect(released.statusCode).toBe(201);
    // The one place went to the transfer, not to the queue's turn.
    expect(released.json()).toMatchObject({ turnsGiven: 0, free: 0 });

    const [oldest, younger] = enrolled as [(typeof enrolled)[number], (typeof enrolled)[number]];
    expect(await transferOf(oldest.applicationId)).toMatchObject({
      status: 'granted',
      grantedKindergartenId: w.kindergartens.no1,
    });
    expect(await transferOf(younger.applicationId)).toMatchObject({ status: 'open' });

    const db = w.t.database.db;
    const enrolments = await db
      .selectFrom('enrolments')
      .select(['id', 'kindergarten_id', 'departed_on', 'departure_reason'])
      .where('application_id', '=', oldest.applicationId)
      .orderBy('id')
      .execute();
    expect(enrolments).toMatchObject([
      {
        id: oldest.enrolmentId,
        kindergarten_id: w.kindergartens.no7,
        departure_reason: 'transfer',
      },
      { kindergarten_id: w.kindergartens.no1, departed_on: null },
    ]);
    expect(enrolments[0]!.departed_on).not.toBeNull();
    const view = (await w.parent.client.get(`/api/applications/${oldest.applicationId}`)).json();
    expect(view.status).toBe('enrolled');

    // The old kindergarten's base has the place back, and it went by turn to the waiting child.
    const base = (
      await w.staff.client.get(`/api/places?kindergartenId=${w.kindergartens.no7}`)
    ).json().items;
    expect(base[0]).toMatchObject({
      groupYear: GROUP_YEAR,
      total: 1,
      free: 1,
      state: 'waiting',
      fromTransfer: true,
    });
    expect((await w.parent.client.get(`/api/applications/${waiting}`)).json().status).toBe('turn');

    const history = (
      await w.parent.client.get(`/api/applications/${oldest.applicationId}/history`)
    ).json().items;
    expect(history.map((h: { event: string }) => h.event)).toContain('application.transferred');
    const placesAdded = await db
      .selectFrom('history')
      .select(['actor', 'after'])
      .where('subject_type', '=', 'place_batch')
      .where('subject_id', '=', base[0].id)
      .execute();
    expect(placesAdded).toMatchObject([
      { actor: 'system', after: { from: 'transfer', application: oldest.applicationId } },
    ]);
    const messages = await db
      .selectFrom('outbox')
      .select('subject')
      .where('channel', '=', 'inapp')
      .where('user_id', '=', w.parent.userId)
      .execute();
    expect(messages.some((m) => /переведен/.test(m.subject ?? ''))).toBe(true);
  });

  it('withdraws an open request, once', async () => {
    const response = await withdraw(enrolled[1]!.applicationId);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'withdrawn' });
    const again = await withdraw(enrolled[1]!.applicationId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('transfer_not_open');
  });
});
