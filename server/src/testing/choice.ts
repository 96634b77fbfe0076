import { DEMO_ACCOUNTS, DEMO_PERSONS } from '../demo/people.ts';
import type { PersonKeys, TestCa } from '../signature/test-ca/index.ts';
import { districtOfKindergarten, userIdOf } from './applications.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from './eds.ts';
import { TestClient, startTestApp, type TestApp } from './harness.ts';

/**
 * The demo city as the tests of choosing a place see it: Olga, the parent, signed in with EDS
 * (her keys from a test CA), and the staff of one kindergarten signed in with their password,
 * with its district and region.
 */
export interface ChoiceWorld {
  t: TestApp;
  ca: TestCa;
  keys: PersonKeys;
  parent: TestClient;
  parentUserId: number;
  staff: TestClient;
  kindergartenId: number;
  districtId: number;
  regionId: number;
}

export const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const staffAccount = DEMO_ACCOUNTS.find((a) => a.iin === '870514430032')!;

/**
 * `rateLimitScale`: where the parent's one account stands for the many parents of a race, its
 * limits are scaled by it.
 */
export async function startChoiceWorld(rateLimitScale = 1): Promise<ChoiceWorld> {
  const trusted = await trustedTestCa();
  const t = await startTestApp({
    KEZEK_TRUSTED_CAS: trusted.trustFile,
    KEZEK_RATE_LIMIT_SCALE: String(rateLimitScale),
  });
  const keys = await keysFor(trusted.ca, olga);
  const parent = await signedInWithEds(t, keys);
  const staff = new TestClient(t.app);
  await staff.signIn(staffAccount.iin, staffAccount.password);
  const kindergartenId: number = (await staff.get('/api/me')).json().user.kindergartenIds[0];
  return {
    t,
    ca: trusted.ca,
    keys,
    parent,
    parentUserId: await userIdOf(t.database.db, olga.iin),
    staff,
    kindergartenId,
    ...(await districtOfKindergarten(t.database.db, kindergartenId)),
  };
}

/** A signed direction.choose of the place for the application, by the parent or `client`. */
export async function choosePlace(
  w: ChoiceWorld,
  applicationId: string,
  placeId: string,
  client = w.parent,
) {
  return client.post(
    `/api/applications/${applicationId}/direction`,
    await signedBody(client, w.keys.sign, 'direction.choose', { applicationId, placeId }),
  );
}

/** The staff add `count` places of the kindergarten in Kazakh for the group year: the new batch. */
export async function addPlaces(w: ChoiceWorld, groupYear: number, count: number) {
  const added = await w.staff.post('/api/places', {
    kindergartenId: w.kindergartenId,
    groupYear,
    language: 'kk',
    count,
  });
  return added.json();
}
