// Issue 17, item 1 (first part): under `allocation: ranked` an application holds up to five
// kindergartens of its district in order, and a release offers its places to the children who
// ranked that kindergarten, in queue order (serial dictatorship; docs/rules.md, "Ranked
// preferences").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import { DEMO_PERSONS } from '../demo/people.ts';
import { upsertPersons } from '../registry/sql.ts';
import type { PersonKeys } from '../signature/test-ca/index.ts';
import { keysFor, signedBody, signedInWithEds } from '../testing/eds.ts';
import { expectInvariants } from '../testing/invariants.ts';
import {
  setAstanaAllocation,
  startWorkspaceWorld,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const person = (lastName: string, firstName: string) =>
  DEMO_PERSONS.find((p) => p.lastName === lastName && p.firstName === firstName)!;
const dinara = person('Сейтқалиева', 'Динара');
const alikhan = person('Сейтқалиев', 'Алихан');
const gulzhan = person('Бекова', 'Гүлжан');
const sanzhar = person('Беков', 'Санжар');
const olga = person('Иванова', 'Ольга');
const olgasYounger = makeIin('2022-08-08', 'female', 7301);

let w: WorkspaceWorld;
let keys: Record<'dinara' | 'gulzhan', PersonKeys>;
let waitingSanzhar: string;
let onTurn: string;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  keys = {
    dinara: await keysFor(w.ca, dinara),
    gulzhan: await keysFor(w.ca, gulzhan),
  };
  await w.t.database.db
    .transaction()
    .execute((trx) =>
      upsertPersons(trx, [
        { iin: olgasYounger, lastName: 'Иванова', firstName: 'Кіші', parentIins: [olga.iin] },
      ]),
    );
  await setAstanaAllocation(w, 'ranked');
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

async function register(parentKeys: PersonKeys, childIin: string, preferences?: number[]) {
  const client = await signedInWithEds(w.t, parentKeys);
  return client.post(
    '/api/applications',
    await signedBody(client, parentKeys.sign, 'application.create', {
      districtId: w.districts.astana,
      applicant: {
        email: 'parent@example.kz',
        phone: '+77011234567',
        address: { city: 'Астана', street: 'ул. Кенесары', house: '1' },
      },
      child: { iin: childIin },
      ...(preferences && { preferences }),
    }),
  );
}
const registerAsOlga = async (childIin: string, preferences: number[]) =>
  w.parent.client.post(
    '/api/applications',
    await signedBody(w.parent.client, w.parent.keys.sign, 'application.create', {
      districtId: w.districts.astana,
      applicant: { email: 'olga@example.kz', phone: '+77011112233' },
      child: { iin: childIin },
      preferences,
    }),
  );
const statusOf = async (id: string) =>
  (
    await w.t.database.db
      .selectFrom('applications')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

describe('ranked preferences', () => {
  it.each([
    ['no kindergarten in a ranked region', () => undefined, 'preferences_required'],
    [
      'one kindergarten twice',
      () => [w.kindergartens.no1, w.kindergartens.no1],
      'preferences_repeated',
    ],
    ['six kindergartens', () => [1, 2, 3, 4, 5, 6], 'preferences_too_many'],
    [
      'a kindergarten of another district',
      () => [w.kindergartens.no9],
      'preferences_outside_district',
    ],
    ['a private kindergarten', () => [w.kindergartens.nurly], 'preferences_outside_district'],
  ])('refuses %s with 422', async (_case, preferences, code) => {
    const response = await register(keys.dinara, alikhan.iin, preferences());
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe(code);
  });

  it('offers a release’s places to the children who ranked its kindergarten, in queue order', async () => {
    // First in the queue, Olga's child wants only № 7; then Алихан ranks № 7 before № 1;
    // Санжар, last, only № 1.
    const onlyNo7 = await registerAsOlga(olgasYounger, [w.kindergartens.no7]);
    expect(onlyNo7.statusCode).toBe(201);
    const both = await register(keys.dinara, alikhan.iin, [
      w.kindergartens.no7,
      w.kindergartens.no1,
    ]);
    expect(both.json().preferences).toEqual([
      { rank: 1, kindergarten: expect.objectContaining({ id: w.kindergartens.no7 }) },
      { rank: 2, kindergarten: expect.objectContaining({ id: w.kindergartens.no1 }) },
    ]);
    const onlyNo1 = await register(keys.gulzhan, sanzhar.iin, [w.kindergartens.no1]);

    // One place at № 1: Olga's child did not rank it; Алихан, next in the queue, did.
    const no1 = await w.staff.client.post('/api/places', {
      kindergartenId: w.kindergartens.no1,
      groupYear: 2022,
      language: 'kk',
      count: 1,
    });
    expect(no1.json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(onlyNo7.json().id)).toBe('queued');
    expect(await statusOf(both.json().id)).toBe('turn');
    expect(await statusOf(onlyNo1.json().id)).toBe('queued');

    // Two at № 7: Olga's child; Санжар did not rank it, Алихан holds an offer.
    const no7 = await w.staff.client.post('/api/places', {
      kindergartenId: w.kindergartens.no7,
      groupYear: 2022,
      language: 'kk',
      count: 2,
    });
    expect(no7.json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(onlyNo7.json().id)).toBe('turn');
    expect(await statusOf(onlyNo1.json().id)).toBe('queued');
    waitingSanzhar = onlyNo1.json().id;
    onTurn = both.json().id;
  });

  it('lets the parent change the ranking while the child waits, signed and in the history', async () => {
    const client = await signedInWithEds(w.t, keys.gulzhan);
    const before = (await client.get(`/api/applications/${waitingSanzhar}`)).json();
    expect(before.actions).toContain('changePreferences');
    const refused = await client.post(
      `/api/applications/${waitingSanzhar}/preferences`,
      await signedBody(client, keys.gulzhan.sign, 'application.preferences', {
        applicationId: waitingSanzhar,
        preferences: [w.kindergartens.no9],
      }),
    );
    expect(refused.json().code).toBe('preferences_outside_district');
    const changed = await client.post(
      `/api/applications/${waitingSanzhar}/preferences`,
      await signedBody(client, keys.gulzhan.sign, 'application.preferences', {
        applicationId: waitingSanzhar,
        preferences: [w.kindergartens.no7, w.kindergartens.no1],
      }),
    );
    expect(changed.statusCode).toBe(200);
    expect(
      changed.json().preferences.map((p: { kindergarten: { id: number } }) => p.kindergarten.id),
    ).toEqual([w.kindergartens.no7, w.kindergartens.no1]);
    const history = (await client.get(`/api/applications/${waitingSanzhar}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.preferences_changed',
      signed: true,
    });
  });

  it('keeps the ranking an offer was made by: no change while on a turn', async () => {
    const client = await signedInWithEds(w.t, keys.dinara);
    expect((await client.get(`/api/applications/${onTurn}`)).json().actions).not.toContain(
      'changePreferences',
    );
    const refused = await client.post(
      `/api/applications/${onTurn}/preferences`,
      await signedBody(client, keys.dinara.sign, 'application.preferences', {
        applicationId: onTurn,
        preferences: [w.kindergartens.no1],
      }),
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('action_not_allowed');
  });
});
