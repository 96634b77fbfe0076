// Issue 17, item 4: an application may name the month from which a place is wanted; no turn is
// given before it, and the child keeps its place in the queue meanwhile (docs/rules.md, "The month
// a place is wanted from").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from '../demo/people.ts';
import type { PersonKeys } from '../signature/test-ca/index.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from '../testing/eds.ts';
import { checkInvariantsAfterEach } from '../testing/invariants.ts';

const person = (lastName: string, firstName: string) =>
  DEMO_PERSONS.find((p) => p.lastName === lastName && p.firstName === firstName)!;
// Two children born in 2022 (one group year) of two families, both in Astana's one queue.
const dinara = person('Сейтқалиева', 'Динара');
const alikhan = person('Сейтқалиев', 'Алихан');
const gulzhan = person('Бекова', 'Гүлжан');
const sanzhar = person('Беков', 'Санжар');
const staffAccount = DEMO_ACCOUNTS.find((a) => a.iin === '870514430032')!;

let t: TestApp;
let staff: TestClient;
let kindergartenId: number;
let astanaDistrictId: number;
let dinaraKeys: PersonKeys;
let gulzhanKeys: PersonKeys;

beforeAll(async () => {
  const { ca, trustFile } = await trustedTestCa();
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trustFile });
  [dinaraKeys, gulzhanKeys] = await Promise.all([keysFor(ca, dinara), keysFor(ca, gulzhan)]);
  staff = new TestClient(t.app);
  await staff.signIn(staffAccount.iin, staffAccount.password);
  kindergartenId = (await staff.get('/api/me')).json().user.kindergartenIds[0];
  astanaDistrictId = (await staff.get('/api/regions'))
    .json()
    .items.find((r: { code: string }) => r.code === 'astana').districts[0].id;
});
afterAll(() => t.close());
checkInvariantsAfterEach(() => t);

async function register(keys: PersonKeys, childIin: string, wantedFrom?: string) {
  const client = await signedInWithEds(t, keys);
  return client.post(
    '/api/applications',
    await signedBody(client, keys.sign, 'application.create', {
      districtId: astanaDistrictId,
      applicant: {
        email: 'parent@example.kz',
        phone: '+77011234567',
        address: { city: 'Астана', street: 'ул. Кенесары', house: '1' },
      },
      child: { iin: childIin },
      ...(wantedFrom && { wantedFrom }),
    }),
  );
}

const release = () =>
  staff.post('/api/places', { kindergartenId, groupYear: 2022, language: 'kk', count: 1 });
const statusOf = async (id: string) =>
  (
    await t.database.db
      .selectFrom('applications')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;
const applicationCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the month a place is wanted from', () => {
  it.each([
    ['a month already past', '2026-02'],
    ['a month from which the child is past the age limit', '2029-04'],
  ])('refuses %s with 422, saving nothing', async (_case, wantedFrom) => {
    const before = await applicationCount();
    const response = await register(dinaraKeys, alikhan.iin, wantedFrom);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('wanted_from_out_of_range');
    expect(await applicationCount()).toBe(before);
  });

  it('passes the child by until that month, at the same place in the queue', async () => {
    const waiting = await register(dinaraKeys, alikhan.iin, '2026-09');
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json()).toMatchObject({ wantedFrom: '2026-09', queueNumber: 1 });
    const atOnce = await register(gulzhanKeys, sanzhar.iin);
    expect(atOnce.json()).toMatchObject({ wantedFrom: null, queueNumber: 2 });

    expect((await release()).json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(atOnce.json().id)).toBe('turn');
    expect(await statusOf(waiting.json().id)).toBe('queued');

    // The last day of August still gives no turn; the first of September does.
    t.clock.set(new Date('2026-08-31T12:00:00+05:00'));
    expect((await release()).json()).toMatchObject({ turnsGiven: 0 });
    t.clock.set(new Date('2026-09-01T09:00:00+05:00'));
    expect((await release()).json()).toMatchObject({ turnsGiven: 1 });
    expect(await statusOf(waiting.json().id)).toBe('turn');
  });
});
