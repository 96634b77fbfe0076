// Issue 17, item 1: "any kindergarten within N km of home" after the ranked ones (docs/rules.md,
// "Ranked preferences"). Olga's three children wait in one queue; the home is 0.7 km east of
// № 1 and 3.7 km from № 7 (server/src/demo/city.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import { upsertPersons } from '../registry/sql.ts';
import { signedBody } from '../testing/eds.ts';
import { expectInvariants } from '../testing/invariants.ts';
import {
  setAstanaAllocation,
  startWorkspaceWorld,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

const home = { lat: 51.1283, lon: 71.4405 };
const child = (serial: number) => makeIin('2022-03-03', 'male', serial);
const [first, second, third, spare] = [child(7311), child(7321), child(7331), child(7341)];

let w: WorkspaceWorld;

beforeAll(async () => {
  w = await startWorkspaceWorld();
  await w.t.database.db.transaction().execute((trx) =>
    upsertPersons(
      trx,
      [first, second, third, spare].map((iin, index) => ({
        iin,
        lastName: 'Иванов',
        firstName: ['Бірінші', 'Екінші', 'Үшінші', 'Төртінші'][index]!,
        parentIins: [w.parent.iin],
      })),
    ),
  );
  await setAstanaAllocation(w, 'ranked');
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

async function apply(childIin: string, ranking: object) {
  const { client, keys } = w.parent;
  return client.post(
    '/api/applications',
    await signedBody(client, keys.sign, 'application.create', {
      districtId: w.districts.astana,
      applicant: { email: 'olga@example.kz', phone: '+77011112233' },
      child: { iin: childIin },
      ...ranking,
    }),
  );
}

async function release(kindergartenId: number) {
  const response = await w.staff.client.post('/api/places', {
    kindergartenId,
    groupYear: 2022,
    language: 'kk',
    count: 1,
  });
  expect(response.statusCode).toBe(201);
  return response.json().turnsGiven;
}

const statusOf = async (id: string) =>
  (await w.parent.client.get(`/api/applications/${id}`)).json().status;

describe('any kindergarten within N km of home', () => {
  it.each([
    [
      'a home in Kokshetau',
      { radiusKm: 2, home: { lat: 53.2833, lon: 69.3833 } },
      422,
      'home_outside_district',
    ],
    ['a radius not offered', { radiusKm: 4, home }, 400, 'validation_failed'],
    [
      'a latitude off the earth',
      { radiusKm: 2, home: { lat: 95, lon: 71 } },
      400,
      'validation_failed',
    ],
  ])('refuses %s, nothing saved', async (_case, nearby, status, code) => {
    const response = await apply(spare, { nearby });
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  let byRadius1: string;
  let byRadius2: string;
  let named: string;

  it('takes a radius without a named kindergarten, and shows it on the application', async () => {
    const created = await apply(first, { nearby: { radiusKm: 1, home } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ preferences: [], nearby: { radiusKm: 1, home } });
    byRadius1 = created.json().id;
    const history = (await w.parent.client.get(`/api/applications/${byRadius1}/history`)).json();
    expect(history.items[0].details).toMatchObject({ nearby: { radiusKm: 1, home } });
    byRadius2 = (await apply(second, { nearby: { radiusKm: 2, home } })).json().id;
    named = (await apply(third, { preferences: [w.kindergartens.no1] })).json().id;
  });

  it('offers a place at an unnamed kindergarten within the radius, in queue order', async () => {
    // № 1, 0.7 km from home: the first child, before the third who named it.
    expect(await release(w.kindergartens.no1)).toBe(1);
    expect(await statusOf(byRadius1)).toBe('turn');
    expect(await statusOf(named)).toBe('queued');
  });

  it('lets the parent widen the radius, signed and in the history', async () => {
    const { client, keys } = w.parent;
    const changed = await client.post(
      `/api/applications/${named}/preferences`,
      await signedBody(client, keys.sign, 'application.preferences', {
        applicationId: named,
        preferences: [w.kindergartens.no1],
        nearby: { radiusKm: 5, home },
      }),
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json().nearby).toEqual({ radiusKm: 5, home });
    const history = (await client.get(`/api/applications/${named}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({
      event: 'application.preferences_changed',
      signed: true,
      details: { preferences: [w.kindergartens.no1], nearby: { radiusKm: 5, home } },
    });
  });

  it('passes by a child whose radius does not reach the kindergarten', async () => {
    // № 7, 3.7 km from home: beyond the second child's 2 km, within the third's 5 km.
    expect(await release(w.kindergartens.no7)).toBe(1);
    expect(await statusOf(byRadius2)).toBe('queued');
    expect(await statusOf(named)).toBe('turn');
  });
});
