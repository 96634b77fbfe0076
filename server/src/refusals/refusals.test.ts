import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingDaysDeadline } from '@kezek/domain';
import { loadWorkCalendar } from '../admin/calendar.ts';
import {
  issueDirection,
  signedPost,
  startWorkspaceWorld,
  type Account,
  type IssuedDirection,
  type WorkspaceWorld,
} from '../testing/workspace.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

let w: WorkspaceWorld;

const refuse = (id: string, reason: string, who = w.staff) =>
  signedPost(who, `/api/directions/${id}/refuse`, 'direction.refuse', { directionId: id, reason });
const decide = (id: string, fields: { confirm: boolean; comment?: string }, who = w.officer) =>
  signedPost(who, `/api/refusals/${id}/decision`, 'refusal.decide', { refusalId: id, ...fields });
const pending = async (who: Account = w.officer, query = '') =>
  (await who.client.get(`/api/refusals?status=pending${query}`)).json().items as {
    id: string;
    directionId: string;
  }[];
const found = async (d: IssuedDirection) =>
  (
    await w.staff.client.get(
      `/api/directions/search?kindergartenId=${w.kindergartens.no1}&number=${d.number}`,
    )
  ).json();
const batchOf = async (d: IssuedDirection) =>
  w.t.database.db
    .selectFrom('directions as d')
    .innerJoin('place_batches as b', 'b.id', 'd.place_batch_id')
    .select(['b.free', 'd.expires_at', 'd.extended_until', 'd.status'])
    .where('d.id', '=', d.directionId)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  w = await startWorkspaceWorld();
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('refusing a direction (signed direction.refuse)', () => {
  it('needs a reason', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    for (const reason of ['', '  ', 'no']) {
      const response = await refuse(d.directionId, reason);
      expect([response.statusCode, response.json().code]).toEqual([400, 'validation_failed']);
      expect(response.json().errors[0].path).toBe('reason');
    }
    expect((await found(d)).status).toBe('issued');
  });

  it('sends it to the officer of the district with the verified signer, and pauses the deadline', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const before = await batchOf(d);
    const response = await refuse(d.directionId, 'Нет медицинской справки');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      directionId: d.directionId,
      directionNumber: d.number,
      kindergarten: { id: w.kindergartens.no1 },
      child: { iin: d.childIin },
      reason: 'Нет медицинской справки',
      status: 'pending',
      signer: { iin: w.staff.iin, fullName: 'ОМАРОВА АЙГЕРІМ' },
      decidedAt: null,
      comment: null,
    });
    expect(await found(d)).toMatchObject({
      status: 'refusal_pending',
      deadline: before.expires_at.toISOString(),
      refusal: { id: response.json().id, status: 'pending' },
      actions: [],
    });
    expect((await pending()).map((r) => r.id)).toContain(response.json().id);
    // The sweep passes a refusal-pending direction by, however long the review takes.
    const now = w.t.clock.now();
    w.t.clock.set(new Date(before.expires_at.getTime() + 30 * 86_400_000));
    try {
      const tick = await w.t.app.inject({ method: 'POST', url: '/api/test/tick' });
      expect(tick.statusCode).toBe(200);
      expect((await batchOf(d)).status).toBe('refusal_pending');
    } finally {
      w.t.clock.set(now);
    }
    // A second refusal, or an acceptance, waits for the decision.
    const again = await refuse(d.directionId, 'Ещё раз');
    expect([again.statusCode, again.json().code]).toEqual([409, 'direction_not_issued']);
    const history = (await w.parent.client.get(`/api/applications/${d.applicationId}/history`))
      .json()
      .items.at(-1);
    expect(history).toMatchObject({
      event: 'application.refusal_requested',
      signed: true,
      details: { reason: 'Нет медицинской справки', directionStatus: 'refusal_pending' },
    });
    const told = await w.t.database.db
      .selectFrom('outbox')
      .select('body')
      .where('channel', '=', 'email')
      .where(
        'subject',
        '=',
        `Детский сад отказал по направлению ${d.number}: отказ на рассмотрении`,
      )
      .executeTakeFirstOrThrow();
    expect(told.body).toContain('Причина: Нет медицинской справки');
  });

  it('is for the direction’s own staff only', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    expect((await refuse(d.directionId, 'Чужой сад', w.staffKokshetau)).statusCode).toBe(404);
    expect((await refuse(d.directionId, 'Не сотрудник', w.officer)).statusCode).toBe(403);
    expect((await refuse(d.directionId, 'Родитель', w.parent)).statusCode).toBe(403);
    expect((await found(d)).status).toBe('issued');
  });
});

describe('the officer’s review (signed refusal.decide)', () => {
  it('lists and decides only the refusals of the officer’s districts', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const refusal = (await refuse(d.directionId, 'Группа переполнена')).json();
    expect((await pending(w.officerAkmola)).map((r) => r.id)).not.toContain(refusal.id);
    expect(
      (await w.officerAkmola.client.get(`/api/refusals?districtId=${w.districts.astana}`))
        .statusCode,
    ).toBe(404);
    const foreign = await decide(refusal.id, { confirm: true }, w.officerAkmola);
    expect(foreign.statusCode).toBe(404);
    expect((await w.staff.client.get('/api/refusals')).statusCode).toBe(403);
    expect((await w.parent.client.get('/api/refusals')).statusCode).toBe(403);
    expect((await decide(refusal.id, { confirm: true }, w.staff)).statusCode).toBe(403);
    // The administrator sees every district's; the Astana officer sees it by district too.
    expect((await pending(w.admin)).map((r) => r.id)).toContain(refusal.id);
    expect(
      (await pending(w.officer, `&districtId=${w.districts.astana}`)).map((r) => r.id),
    ).toContain(refusal.id);
    expect((await found(d)).status).toBe('refusal_pending');
  });

  it('confirmed: the application refused, its queue place not restored, the place back in its batch', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const refusal = (await refuse(d.directionId, 'Нет медицинской справки')).json();
    const freeBefore = (await batchOf(d)).free;
    const wrongRefusal = await signedPost(
      w.officer,
      `/api/refusals/${refusal.id}/decision`,
      'refusal.decide',
      { refusalId: '999999', confirm: true },
    );
    expect([wrongRefusal.statusCode, wrongRefusal.json().code]).toEqual([400, 'action_mismatch']);
    const response = await decide(refusal.id, { confirm: true, comment: 'Справка обязательна' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'confirmed',
      comment: 'Справка обязательна',
      decidedAt: w.t.clock.now().toISOString(),
    });
    expect((await batchOf(d)).free).toBe(freeBefore + 1);
    expect(await found(d)).toMatchObject({ status: 'refused', actions: [] });
    const application = (await w.parent.client.get(`/api/applications/${d.applicationId}`)).json();
    expect(application).toMatchObject({ status: 'refused', queueNumber: null });
    const history = (
      await w.parent.client.get(`/api/applications/${d.applicationId}/history`)
    ).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.refusal_confirmed',
      fromStatus: 'direction_issued',
      toStatus: 'refused',
      signed: true,
    });
    const messages = await w.t.database.db
      .selectFrom('outbox')
      .select(['channel', 'body'])
      .where('subject', '=', `Отказ в зачислении по направлению ${d.number}`)
      .execute();
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'inapp', 'sms']);
    expect(messages.find((m) => m.channel === 'email')!.body).toContain('Нет медицинской справки');
    expect((await pending()).map((r) => r.id)).not.toContain(refusal.id);
    const decided = (await w.officer.client.get('/api/refusals?status=confirmed')).json().items;
    expect(decided.map((r: { id: string }) => r.id)).toContain(refusal.id);
    const again = await decide(refusal.id, { confirm: false, comment: 'Передумал' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'refusal_decided']);
  });

  it('rejected: issued again with a new deadline, the kindergarten may no longer refuse and must accept', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const refusal = (await refuse(d.directionId, 'Группа переполнена')).json();
    const noComment = await decide(refusal.id, { confirm: false });
    expect([noComment.statusCode, noComment.json().errors[0].path]).toEqual([400, 'comment']);
    // The decision comes on Friday 6 March, before the old deadline.
    w.t.clock.set(new Date('2026-03-06T15:00:00+05:00'));
    const response = await decide(refusal.id, {
      confirm: false,
      comment: 'Места есть, ребенка нужно принять',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'rejected' });
    const calendar = await loadWorkCalendar(w.t.database.db);
    const deadline = workingDaysDeadline(w.t.clock.now(), 5, calendar);
    // Fri 6 March → Tue 10, Wed 11, Thu 12, Fri 13, Mon 16 (8 March falls on Sunday: Mon 9 off).
    expect(deadline.toISOString()).toBe('2026-03-16T18:59:59.999Z');
    expect(await batchOf(d)).toMatchObject({ status: 'issued', expires_at: deadline });
    expect(await found(d)).toMatchObject({
      status: 'issued',
      deadline: deadline.toISOString(),
      refusal: { status: 'rejected', comment: 'Места есть, ребенка нужно принять' },
      actions: ['accept'],
    });
    const second = await refuse(d.directionId, 'Всё равно нет мест');
    expect([second.statusCode, second.json().code]).toEqual([409, 'refusal_overruled']);
    const messages = await w.t.database.db
      .selectFrom('outbox')
      .select(['channel', 'body'])
      .where('subject', '=', `Направление ${d.number} снова действует`)
      .execute();
    expect(messages.find((m) => m.channel === 'sms')!.body).toContain('16.03.2026');
    const accepted = await signedPost(
      w.staff,
      `/api/directions/${d.directionId}/accept`,
      'direction.accept',
      { directionId: d.directionId },
    );
    expect(accepted.statusCode).toBe(200);
    expect((await w.parent.client.get(`/api/applications/${d.applicationId}`)).json().status).toBe(
      'enrolled',
    );
  });

  it('rejected after an extension: the new deadline replaces the extension, which stays used', async () => {
    const d = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const extended = await signedPost(
      w.parent,
      `/api/directions/${d.directionId}/extend`,
      'direction.extend',
      { directionId: d.directionId, days: 20 },
    );
    expect(extended.statusCode).toBe(200);
    const refusal = (await refuse(d.directionId, 'Группа переполнена')).json();
    expect((await found(d)).deadline).toBe(extended.json().extendedUntil);
    expect((await decide(refusal.id, { confirm: false, comment: 'Примите' })).statusCode).toBe(200);
    const row = await batchOf(d);
    const deadline = workingDaysDeadline(
      w.t.clock.now(),
      5,
      await loadWorkCalendar(w.t.database.db),
    );
    expect(row.extended_until).toEqual(deadline);
    const twice = await signedPost(
      w.parent,
      `/api/directions/${d.directionId}/extend`,
      'direction.extend',
      { directionId: d.directionId, days: 5 },
    );
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'already_extended']);
  });
});
