// The applicant's placement buttons as the application view lists them, the messages of a
// direction's life, and private kindergartens under the state order (docs/rules.md, "Choice and
// directions").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import { insertWaitingApplication } from '../testing/applications.ts';
import {
  addPlaces,
  choosePlace,
  olga,
  startChoiceWorld,
  type ChoiceWorld,
} from '../testing/choice.ts';
import { signedBody } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

let w: ChoiceWorld;
let privateStaff: TestClient;
let privateKindergarten: number;
let serial = 0;
const account = (name: string) => DEMO_ACCOUNTS.find((a) => a.fullName.startsWith(name))!;

async function application(birthDate: string, minute: number): Promise<string> {
  serial += 2;
  return insertWaitingApplication(w.t.database.db, {
    regionId: w.regionId,
    districtId: w.districtId,
    applicantUserId: w.parentUserId,
    serial,
    minute,
    birthDate,
    child: { lastName: 'Иванова', firstName: `Қыз${serial}`, parentIins: [olga.iin] },
    language: 'ru',
  });
}

const view = async (id: string) => (await w.parent.get(`/api/applications/${id}`)).json();
const tick = async () => (await new TestClient(w.t.app).post('/api/test/tick')).json();
const emailSubjects = async () =>
  (await new TestClient(w.t.app).get('/api/test/outbox'))
    .json()
    .items.filter((m: { channel: string }) => m.channel === 'email')
    .map((m: { subject: string }) => m.subject);

async function signed(path: string, action: string, fields: object) {
  return w.parent.post(path, await signedBody(w.parent, w.keys.sign, action, fields));
}

async function kindergartenOf(client: TestClient): Promise<number> {
  return (await client.get('/api/me')).json().user.kindergartenIds[0];
}

beforeAll(async () => {
  w = await startChoiceWorld();
  const privateAccount = account('Тлеубаев');
  privateStaff = new TestClient(w.t.app);
  await privateStaff.signIn(privateAccount.iin, privateAccount.password);
  privateKindergarten = await kindergartenOf(privateStaff);
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('the placement buttons of an application', () => {
  it('shows choose, then extend and revoke, and takes each away when it is no longer allowed; every step notifies', async () => {
    const id = await application('2021-02-02', 1);
    w.t.clock.set(new Date('2026-06-01T09:00:00+05:00'));
    expect((await view(id)).actions).toEqual(['confirmInterest', 'changeBenefit', 'withdraw']);
    const batch = await addPlaces(w, 2021, 1);
    expect(await view(id)).toMatchObject({
      status: 'turn',
      direction: null,
      actions: ['confirmInterest', 'withdraw', 'chooseState', 'declineTurn'],
    });

    const direction = (await choosePlace(w, id, batch.id)).json();
    const issued = await view(id);
    expect(issued).toMatchObject({
      status: 'direction_issued',
      actions: ['extendDirection', 'revokeDirection'],
      direction: {
        id: direction.id,
        number: direction.number,
        status: 'issued',
        kindergarten: { id: w.kindergartenId, type: 'state' },
        revocableUntil: '2026-06-02T04:00:00.000Z',
        extensionMaxDays: 30,
        benefitDocMaxAgeDays: null,
        expiry: { stopListWorkingDays: 10, removedAfterExpiries: 2 },
      },
    });

    const extended = await signed(`/api/directions/${direction.id}/extend`, 'direction.extend', {
      directionId: direction.id,
      days: 10,
    });
    expect(extended.statusCode).toBe(200);
    expect((await view(id)).actions).toEqual(['revokeDirection']);
    w.t.clock.advance(24 * 3_600_000 + 1);
    expect(await view(id)).toMatchObject({
      actions: [],
      direction: {
        revocableUntil: null,
        extensionMaxDays: null,
        extendedUntil: extended.json().extendedUntil,
      },
    });
    expect(await emailSubjects()).toEqual(
      expect.arrayContaining([
        `Выдано направление ${direction.number}`,
        `Направление ${direction.number} продлено`,
      ]),
    );
  });

  it('returns a revoked direction’s child to the queue and says so', async () => {
    const id = await application('2022-03-03', 1);
    w.t.clock.set(new Date('2026-06-10T09:00:00+05:00'));
    const batch = await addPlaces(w, 2022, 1);
    const direction = (await choosePlace(w, id, batch.id)).json();
    const revoked = await signed(`/api/directions/${direction.id}/revoke`, 'direction.revoke', {
      directionId: direction.id,
      reason: 'Далеко от дома',
    });
    expect(revoked.statusCode).toBe(200);
    expect(await view(id)).toMatchObject({
      status: 'queued',
      direction: { id: direction.id, status: 'revoked', revocableUntil: null },
      // Nobody else waits in this queue: the place went to free choice at once, open to anyone,
      // the child who gave it back too.
      actions: ['confirmInterest', 'changeBenefit', 'withdraw', 'chooseState'],
    });
    expect(await emailSubjects()).toContain(`Направление ${direction.number} отозвано`);
  });

  it('tells the parent when the stop-list ends', async () => {
    const id = await application('2023-04-04', 1);
    w.t.clock.set(new Date('2026-07-01T09:00:00+05:00'));
    await tick(); // the earlier tests' directions lapse now, not in the count below
    const batch = await addPlaces(w, 2023, 1);
    const direction = (await choosePlace(w, id, batch.id)).json();
    w.t.clock.set(new Date(new Date(direction.expiresAt).getTime() + 1));
    expect((await tick()).directionsExpired).toBe(1);
    const stopListed = await view(id);
    expect(stopListed).toMatchObject({ status: 'stop_listed', actions: expect.any(Array) });
    expect(stopListed.actions).not.toContain('chooseState');
    w.t.clock.set(new Date(new Date(stopListed.stopListedUntil).getTime() + 1));
    // This stop-list and the one the first test's expiry started on 1 July.
    expect((await tick()).stopListsEnded).toBe(2);
    const number = stopListed.number;
    expect(await emailSubjects()).toContain(`Заявление ${number} вышло из стоп-листа`);
    expect((await view(id)).actions).toContain('chooseState');
  });

  it('reminds a benefit-class direction of the proof documents’ age, on the screen and by e-mail', async () => {
    const id = await application('2024-01-10', 1);
    await w.t.database.db
      .updateTable('applications')
      .set({ queue_class: 'out_of_turn', benefit_code: 'military', benefit_status: 'claimed' })
      .where('id', '=', id)
      .execute();
    w.t.clock.set(new Date('2026-07-20T09:00:00+05:00'));
    const batch = await addPlaces(w, 2024, 1);
    const direction = (await choosePlace(w, id, batch.id)).json();
    expect(direction.benefitDocMaxAgeDays).toBe(10);
    const mail = (await new TestClient(w.t.app).get('/api/test/outbox'))
      .json()
      .items.find(
        (m: { channel: string; subject: string }) =>
          m.channel === 'email' && m.subject === `Выдано направление ${direction.number}`,
      );
    expect(mail.body).toContain('не позднее 10 календарных дней с даты запроса направления');
    // Out of the way of the later tests' expiry counts.
    const revoked = await signed(`/api/directions/${direction.id}/revoke`, 'direction.revoke', {
      directionId: direction.id,
      reason: 'Передумали',
    });
    expect(revoked.statusCode).toBe(200);
  });
});

describe('a private kindergarten under the state order', () => {
  let privateBatch = '';

  it('opens its places to free choice at once: no turns are given', async () => {
    await application('2020-05-05', 0);
    w.t.clock.set(new Date('2026-08-03T09:00:00+05:00'));
    const batch = await privateStaff.post('/api/places', {
      kindergartenId: privateKindergarten,
      groupYear: 2023,
      language: 'ru',
      count: 2,
    });
    expect(batch.statusCode).toBe(201);
    expect(batch.json()).toMatchObject({ state: 'free_choice', turnsGiven: 0, free: 2 });
    privateBatch = batch.json().id;
  });

  it('refuses a child younger than the policy’s age, and offers the child nothing private', async () => {
    // Born 2023-09-09: two years old on 3 August 2026, in group year 2023.
    const young = await application('2023-09-09', 5);
    expect((await view(young)).actions).not.toContain('choosePrivate');
    expect(
      (await w.parent.get(`/api/applications/${young}/offers`))
        .json()
        .items.map((o: { placeId: string }) => o.placeId),
    ).not.toContain(privateBatch);
    const refused = await choosePlace(w, young, privateBatch);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('child_too_young');
    expect((await view(young)).status).toBe('queued');
  });

  it('issues a direction to a private kindergarten that takes the child out of the queue; revoked within 24 hours, the child is back at its place', async () => {
    // Born 2023-03-01: three on 1 March 2026.
    const id = await application('2023-03-01', 6);
    const queued = await view(id);
    expect(queued.actions).toContain('choosePrivate');
    const offers = (await w.parent.get(`/api/applications/${id}/offers`)).json().items;
    expect(offers).toContainEqual(
      expect.objectContaining({
        placeId: privateBatch,
        mode: 'free_choice',
        kindergarten: expect.objectContaining({ id: privateKindergarten, type: 'private' }),
      }),
    );
    const first = await choosePlace(w, id, privateBatch);
    expect(first.statusCode).toBe(201);
    const removed = await view(id);
    expect(removed).toMatchObject({
      status: 'removed',
      queueNumber: null,
      actions: ['extendDirection', 'revokeDirection'],
      direction: {
        status: 'issued',
        kindergarten: { type: 'private' },
        expiry: null,
        revocableUntil: new Date(w.t.clock.now().getTime() + 24 * 3_600_000).toISOString(),
      },
    });

    // Seed 000: queueing again waits until the child is enrolled and attends.
    const { child_iin: childIin } = await w.t.database.db
      .selectFrom('applications')
      .select('child_iin')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const again = await w.parent.post(
      '/api/applications',
      await signedBody(w.parent, w.keys.sign, 'application.create', {
        districtId: w.districtId,
        applicant: { email: 'olga@example.kz', phone: '+77011234567' },
        child: { iin: childIin },
      }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('private_enrolment_pending');

    // Seed 000 (003, fig. 8): revoked within 24 hours, the child is back at its place in the
    // queue and the place back in its batch.
    w.t.clock.advance(23 * 3_600_000);
    const revoked = await signed(`/api/directions/${first.json().id}/revoke`, 'direction.revoke', {
      directionId: first.json().id,
      reason: 'Передумали',
    });
    expect(revoked.statusCode).toBe(200);
    expect(await view(id)).toMatchObject({
      status: 'queued',
      queueNumber: queued.queueNumber,
      direction: { status: 'revoked' },
    });
    expect((await privateStaff.get('/api/places')).json().items[0]).toMatchObject({ free: 2 });
    const revokedRow = (await w.parent.get(`/api/applications/${id}/history`)).json().items.at(-1);
    expect(revokedRow).toMatchObject({ fromStatus: 'removed', toStatus: 'queued' });

    const issued = await choosePlace(w, id, privateBatch);
    expect(issued.statusCode).toBe(201);
    const history = (await w.parent.get(`/api/applications/${id}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.private_direction_issued',
      fromStatus: 'queued',
      toStatus: 'removed',
      details: expect.objectContaining({ reason: 'private_choice' }),
    });
    const documents = (await w.parent.get(`/api/applications/${id}/documents`)).json().items;
    // One paper for each of the two directions, the revoked one's first.
    const papers = documents.filter((d: { kind: string }) => d.kind === 'private_direction');
    expect(papers).toHaveLength(2);
    const paper = papers.sort(
      (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id),
    )[1];
    const text = (await readPdf((await w.parent.get(`/api/documents/${paper.id}`)).rawPayload))
      .text;
    expect(text).toContain(
      'Направление в частную дошкольную организацию по государственному заказу',
    );
    // The QR code and the printed address open the public check page (the PDF wraps long lines).
    expect(text.replace(/\s+/g, '')).toContain(`/verify/${issued.json().number}?code=`);

    // Past its 24 hours, it can no longer be revoked.
    w.t.clock.advance(24 * 3_600_000 + 1);
    const late = await signed(`/api/directions/${issued.json().id}/revoke`, 'direction.revoke', {
      directionId: issued.json().id,
      reason: 'Передумали',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('revoke_window_closed');

    // Unused, it expires like any direction: the place returns, but the child stays out of the
    // queue (no stop-list, no expiry counted).
    w.t.clock.set(new Date(new Date(issued.json().expiresAt).getTime() + 1));
    expect((await tick()).directionsExpired).toBe(1);
    expect(await view(id)).toMatchObject({
      status: 'removed',
      stopListedUntil: null,
      direction: { status: 'expired' },
      actions: [],
    });
    const row = await w.t.database.db
      .selectFrom('applications')
      .select('expiries')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.expiries).toBe(0);
    const batch = (await privateStaff.get('/api/places')).json().items[0];
    expect(batch).toMatchObject({ id: privateBatch, free: 2 });
  });
});
