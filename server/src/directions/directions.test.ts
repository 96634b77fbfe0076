import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuesBehind } from '../applications/numbering.ts';
import { DEMO_PERSONS } from '../demo/people.ts';
import { insertWaitingApplication } from '../testing/applications.ts';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import { keysFor, signedBody, signedInWithEds, tamperedBody } from '../testing/eds.ts';
import { TestClient } from '../testing/harness.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';
import {
  addPlaces,
  choosePlace,
  olga,
  startChoiceWorld,
  type ChoiceWorld,
} from '../testing/choice.ts';

let w: ChoiceWorld;
let serial = 0;
let nauryzApplication = '';
let nauryzBatch = '';

async function application(groupYear: number, minute: number): Promise<string> {
  serial += 2;
  return insertWaitingApplication(w.t.database.db, {
    regionId: w.regionId,
    districtId: w.districtId,
    applicantUserId: w.parentUserId,
    serial,
    minute,
    birthDate: `${groupYear}-04-04`,
    child: { lastName: 'Иванов', firstName: `Бала${serial}`, parentIins: [olga.iin] },
    language: 'ru',
  });
}

const offers = async (applicationId: string) =>
  (await w.parent.get(`/api/applications/${applicationId}/offers`)).json().items;

beforeAll(async () => {
  // One parent's account stands for the 200 parents of the race below: its limits are scaled.
  w = await startChoiceWorld(10);
});
afterAll(() => w.t.close());
checkInvariantsAfterEach(() => w.t);

describe('choosing a place', () => {
  it('lets the turn-holder take the place and no one else; the enrolment deadline crosses Nauryz', async () => {
    const first = await application(2021, 1);
    const second = await application(2021, 2);
    w.t.clock.set(new Date('2026-03-19T10:00:00+05:00'));
    const batch = await addPlaces(w, 2021, 1);
    expect(batch.turnsGiven).toBe(1);
    expect(await offers(first)).toEqual([
      expect.objectContaining({ placeId: batch.id, mode: 'turn', free: 1, language: 'kk' }),
    ]);
    expect(await offers(second)).toEqual([]);
    const notYours = await choosePlace(w, second, batch.id);
    expect(notYours.statusCode).toBe(409);
    expect(notYours.json().code).toBe('not_your_turn');
    nauryzApplication = first;
    nauryzBatch = batch.id;
    // The stored numbers (the renumbering at the tick): the direction keeps the child's.
    await new TestClient(w.t.app).post('/api/test/tick');
    const before = (await w.parent.get(`/api/applications/${first}`)).json().queueNumber;
    expect(before).toBeGreaterThan(0);
    const issued = await choosePlace(w, first, batch.id);
    expect(issued.statusCode).toBe(201);
    // 5 working days after Thu 19 March 2026: Fri 20, then Nauryz (21–23 and the moved 24–25) and
    // the weekend, then Thu 26, Fri 27, Mon 30, Tue 31 → the end of 31 March in Almaty.
    expect(issued.json()).toMatchObject({
      status: 'issued',
      expiresAt: '2026-03-31T18:59:59.999Z',
      groupYear: 2021,
      kindergarten: { id: w.kindergartenId },
    });
    expect(issued.json().number).toMatch(/^NP\.2026\.\d{6}$/);
    const app = (await w.parent.get(`/api/applications/${first}`)).json();
    // Seed 002, fig. 6: the queue number beside the issued direction.
    expect(app).toMatchObject({ status: 'direction_issued', queueNumber: before });
    const documents = (await w.parent.get(`/api/applications/${first}/documents`)).json().items;
    expect(documents.map((d: { kind: string }) => d.kind)).toEqual(['direction', 'child_card']);
    const { verify_code: code } = await w.t.database.db
      .selectFrom('directions')
      .select('verify_code')
      .where('id', '=', issued.json().id)
      .executeTakeFirstOrThrow();
    const directionText = (
      await readPdf((await w.parent.get(`/api/documents/${documents[0].id}`)).rawPayload)
    ).text;
    expect(directionText).toContain('Направление в дошкольную организацию');
    expect(directionText).toContain(issued.json().number);
    expect(directionText).toContain(code);
    expect(directionText).toContain('31.03.2026');
    // The kindergarten's phone to call and the applicant sent there.
    const { phone } = await w.t.database.db
      .selectFrom('kindergartens')
      .innerJoin('directions', 'directions.kindergarten_id', 'kindergartens.id')
      .select('kindergartens.phone')
      .where('directions.id', '=', issued.json().id)
      .executeTakeFirstOrThrow();
    expect(phone).toBeTruthy();
    expect(directionText.replace(/\s+/g, ' ')).toContain(`Телефон ${phone}`);
    expect(directionText).toContain(`${olga.lastName} ${olga.firstName}`);
    const cardText = (
      await readPdf((await w.parent.get(`/api/documents/${documents[1].id}`)).rawPayload)
    ).text;
    expect(cardText).toContain('Карточка ребенка');
    expect(cardText).toMatch(/Иванов Бала\d+/);
    // The last place is gone, and this parent has it: told so, not that the place was taken.
    const again = await choosePlace(w, first, batch.id);
    expect(again.json().code).toBe('action_not_allowed');
    const places = (await w.staff.get('/api/places?groupYear=2021')).json().items;
    expect(places[0]).toMatchObject({ id: batch.id, free: 0 });
    const history = (await w.parent.get(`/api/applications/${first}/history`))
      .json()
      .items.map((h: { event: string }) => h.event);
    expect(history).toEqual([
      'test.application_inserted',
      'application.turn_given',
      'application.direction_issued',
    ]);
  });

  it('gives 5 free-choice places to exactly 5 of 200 parallel choices; the rest get 409 place_taken', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 1) ids.push(await application(2022, 100 + i));
    const batch = await addPlaces(w, 2022, 5);
    w.t.clock.set(new Date(new Date(batch.turnUntil).getTime() + 1000));
    await new TestClient(w.t.app).post('/api/test/tick');
    expect((await offers(ids[199]!))[0]).toMatchObject({
      placeId: batch.id,
      mode: 'free_choice',
      free: 5,
    });
    // A browser session each, as 200 parents would have (one signed request at a time per session).
    const bodies = [];
    for (const id of ids) {
      const client = await TestClient.withUserSession(w.t, w.parentUserId);
      bodies.push({
        id,
        client,
        body: await signedBody(client, w.keys.sign, 'direction.choose', {
          applicationId: id,
          placeId: batch.id,
        }),
      });
    }
    const responses = await Promise.all(
      bodies.map(({ id, client, body }) => client.post(`/api/applications/${id}/direction`, body)),
    );
    const byStatus = responses.reduce<Record<string, number>>((counts, r) => {
      const key = r.statusCode === 201 ? '201' : `${r.statusCode} ${r.json().code}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
    expect(byStatus).toEqual({ '201': 5, '409 place_taken': 195 });
    const directions = await w.t.database.db
      .selectFrom('directions')
      .select('id')
      .where('place_batch_id', '=', batch.id)
      .execute();
    expect(directions).toHaveLength(5);
    expect((await w.staff.get('/api/places?groupYear=2022')).json().items[0].free).toBe(0);

    // Once no place is left, a choice is refused before its signature is verified: one whose
    // content was changed after signing (401 bad_signature otherwise) gets place_taken, and its
    // nonce is left unused.
    const loser = ids[responses.findIndex((r) => r.statusCode === 409)]!;
    const body = await tamperedBody(w.parent, w.keys.sign, 'direction.choose', {
      applicationId: loser,
      placeId: batch.id,
    });
    const usedNonces = () => w.t.database.db.selectFrom('used_nonces').select('nonce').execute();
    const usedBefore = (await usedNonces()).length;
    const late = await w.parent.post(`/api/applications/${loser}/direction`, body);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('place_taken');
    expect(await usedNonces()).toHaveLength(usedBefore);
  }, 120_000);

  it('expires an unused direction: the place returns, the application is stop-listed, then queued, then removed at the second expiry', async () => {
    const tick = async () => (await new TestClient(w.t.app).post('/api/test/tick')).json();
    w.t.clock.set(new Date('2026-03-31T18:59:00Z'));
    expect((await tick()).directionsExpired).toBe(0);
    w.t.clock.set(new Date('2026-03-31T19:00:00Z'));
    expect((await tick()).directionsExpired).toBe(1);
    const stopListed = (await w.parent.get(`/api/applications/${nauryzApplication}`)).json();
    // 10 working days after Wed 1 April 2026 (the local date of the expiry): 2, 3, 6–10, 13, 14, 15 April.
    expect(stopListed).toMatchObject({
      status: 'stop_listed',
      stopListedUntil: '2026-04-15T18:59:59.999Z',
    });
    expect(
      (await w.staff.get('/api/places?groupYear=2021'))
        .json()
        .items.find((b: { id: string }) => b.id === nauryzBatch).free,
    ).toBe(1);
    expect(await offers(nauryzApplication)).toEqual([]);
    const refused = await choosePlace(w, nauryzApplication, nauryzBatch);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('stop_listed');
    w.t.clock.set(new Date('2026-04-15T19:00:00Z'));
    expect((await tick()).stopListsEnded).toBe(1);
    expect((await w.parent.get(`/api/applications/${nauryzApplication}`)).json()).toMatchObject({
      status: 'queued',
      queueNumber: 1,
    });
    // The place went back to a batch in free choice: the child takes it again and lets it expire again.
    const second = await choosePlace(w, nauryzApplication, nauryzBatch);
    expect(second.statusCode).toBe(201);
    w.t.clock.set(new Date(new Date(second.json().expiresAt).getTime() + 1));
    expect((await tick()).directionsExpired).toBe(1);
    expect((await w.parent.get(`/api/applications/${nauryzApplication}`)).json()).toMatchObject({
      status: 'removed',
      actions: [],
    });
    const events = (await w.parent.get(`/api/applications/${nauryzApplication}/history`))
      .json()
      .items.map((h: { event: string }) => h.event);
    const subjects = (await new TestClient(w.t.app).get('/api/test/outbox'))
      .json()
      .items.filter((m: { channel: string }) => m.channel === 'email')
      .map((m: { subject: string }) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Выдано направление NP\.2026\.\d{6}$/),
        expect.stringMatching(/^Направление NP\.2026\.\d{6} аннулировано$/),
      ]),
    );
    expect(events).toEqual([
      'test.application_inserted',
      'application.turn_given',
      'application.direction_issued',
      'application.stop_listed',
      'application.stop_list_ended',
      'application.direction_issued',
      'application.removed',
    ]);
  });

  it('revokes within 24 hours back to the same place, extends once, and proves a direction genuine by its code', async () => {
    const x = await application(2023, 1);
    const y = await application(2023, 2);
    w.t.clock.set(new Date('2026-05-04T10:00:00+05:00'));
    const batch = await addPlaces(w, 2023, 2);
    const before = (await w.parent.get(`/api/applications/${x}`)).json().queueNumber;
    const dx = (await choosePlace(w, x, batch.id)).json();
    w.t.clock.advance(23 * 3_600_000);
    const revoked = await w.parent.post(
      `/api/directions/${dx.id}/revoke`,
      await signedBody(w.parent, w.keys.sign, 'direction.revoke', {
        directionId: dx.id,
        reason: 'Далеко от дома',
      }),
    );
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expect((await w.parent.get(`/api/applications/${x}`)).json()).toMatchObject({
      status: 'queued',
      queueNumber: before,
    });
    expect((await w.staff.get('/api/places?groupYear=2023')).json().items[0].free).toBe(2);

    const dy = (await choosePlace(w, y, batch.id)).json();
    w.t.clock.advance(25 * 3_600_000);
    const late = await w.parent.post(
      `/api/directions/${dy.id}/revoke`,
      await signedBody(w.parent, w.keys.sign, 'direction.revoke', {
        directionId: dy.id,
        reason: 'Передумали',
      }),
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('revoke_window_closed');
    const tooLong = await w.parent.post(
      `/api/directions/${dy.id}/extend`,
      await signedBody(w.parent, w.keys.sign, 'direction.extend', { directionId: dy.id, days: 31 }),
    );
    expect(tooLong.json().code).toBe('extension_too_long');
    const extended = await w.parent.post(
      `/api/directions/${dy.id}/extend`,
      await signedBody(w.parent, w.keys.sign, 'direction.extend', { directionId: dy.id, days: 20 }),
    );
    expect(extended.json().extendedUntil).toBe(
      new Date(new Date(dy.expiresAt).getTime() + 20 * 86_400_000).toISOString(),
    );
    const twice = await w.parent.post(
      `/api/directions/${dy.id}/extend`,
      await signedBody(w.parent, w.keys.sign, 'direction.extend', { directionId: dy.id, days: 5 }),
    );
    expect(twice.json().code).toBe('already_extended');

    const { verify_code: code } = await w.t.database.db
      .selectFrom('directions')
      .select('verify_code')
      .where('id', '=', dy.id)
      .executeTakeFirstOrThrow();
    const check = await new TestClient(w.t.app).get(
      `/api/public/directions/${dy.number}/verify?code=${code}`,
    );
    expect(check.json()).toMatchObject({
      number: dy.number,
      genuine: true,
      live: true,
      status: 'issued',
      groupYear: 2023,
      validUntil: extended.json().extendedUntil,
    });
    const forged = await new TestClient(w.t.app).get(
      `/api/public/directions/${dy.number}/verify?code=AAAAAAAA`,
    );
    expect(forged.statusCode).toBe(404);
    const stranger = await new TestClient(w.t.app).post(`/api/directions/${dy.id}/extend`, {
      cms: 'AAAAAAAAAAAAAAAAAAAA',
    });
    expect(stranger.statusCode).toBe(401);
  });

  it('refuses a choice for an application the caller cannot see before verifying its signature (404)', async () => {
    // Group year 2025: no other test of this file queues a child of that year.
    w.t.clock.set(new Date('2026-07-01T10:00:00+05:00'));
    const mine = await application(2025, 1);
    const batch = await addPlaces(w, 2025, 1);
    expect(batch.turnsGiven).toBe(1);
    const other = DEMO_PERSONS.find((p) => p.lastName === 'Бекова')!;
    const otherKeys = await keysFor(w.ca, other);
    const stranger = await signedInWithEds(w.t, otherKeys);
    // Changed after signing: were the signature verified, the answer would be bad_signature.
    const body = await tamperedBody(stranger, otherKeys.sign, 'direction.choose', {
      applicationId: mine,
      placeId: batch.id,
    });
    const refused = await stranger.post(`/api/applications/${mine}/direction`, body);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('not_found');
    const unknown = await stranger.post('/api/applications/999999/direction', body);
    expect(unknown.statusCode).toBe(404);
  });
});

describe('stored queue numbers', () => {
  it('follow a choice and a revocation at the next tick; the turns of a release move nobody', async () => {
    const tick = () => new TestClient(w.t.app).post('/api/test/tick');
    const behind = async () =>
      (await queuesBehind(w.t.database.db)).filter((queue) => queue.groupYear === 2024);
    const numbersOf = (...ids: string[]) =>
      Promise.all(
        ids.map(async (id) => (await w.parent.get(`/api/applications/${id}`)).json().queueNumber),
      );
    const x = await application(2024, 1);
    const y = await application(2024, 2);
    const z = await application(2024, 3);
    w.t.clock.set(new Date('2026-06-01T10:00:00+05:00'));
    await tick();
    expect(await behind()).toEqual([]);
    const batch = await addPlaces(w, 2024, 1);
    expect(batch.turnsGiven).toBe(1);
    expect(await behind()).toEqual([]);
    expect(await numbersOf(x, y, z)).toEqual([1, 2, 3]);

    const direction = (await choosePlace(w, x, batch.id)).json();
    expect(await behind()).toEqual([{ districtId: w.districtId, groupYear: 2024 }]);
    // x keeps the number it had at the choice beside its direction (seed 002, fig. 6); the
    // waiting children move up.
    expect(await numbersOf(x, y, z)).toEqual([1, 1, 2]);
    await tick();
    expect(await behind()).toEqual([]);
    expect(await numbersOf(x, y, z)).toEqual([1, 1, 2]);

    const revoked = await w.parent.post(
      `/api/directions/${direction.id}/revoke`,
      await signedBody(w.parent, w.keys.sign, 'direction.revoke', {
        directionId: direction.id,
        reason: 'Далеко от дома',
      }),
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await behind()).toEqual([{ districtId: w.districtId, groupYear: 2024 }]);
    expect(await numbersOf(x, y, z)).toEqual([1, 2, 3]);
    await tick();
    expect(await behind()).toEqual([]);
    expect(await numbersOf(x, y, z)).toEqual([1, 2, 3]);
  });
});
