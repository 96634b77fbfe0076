import { expect } from 'vitest';
import { makeIin } from '@kezek/domain';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from '../demo/people.ts';
import { upsertPersons } from '../registry/sql.ts';
import type { PersonKeys, TestCa } from '../signature/test-ca/index.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from './eds.ts';
import {
  DEMO_ADMIN,
  TestClient,
  startTestApp,
  type TestApp,
  type TestAppOptions,
} from './harness.ts';

/** The roles of the authorization matrix: two of each kind, so that "own" and "other" both exist. */
export const ROLES = [
  'anonymous',
  'applicantA',
  'applicantB',
  'staffX',
  'staffY',
  'officerP',
  'officerQ',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface Applicant {
  client: TestClient;
  keys: PersonKeys;
  userId: number;
  iin: string;
  /** A registered application of this applicant's child in Astana (A's has a direction). */
  applicationId: string;
}

/**
 * A small city for security tests: applicants A and B (EDS), staff of kindergarten X (Astana) and
 * of Y (Kokshetau), officers of Astana (P) and of the Akmola districts (Q), an administrator.
 * A's child has a turn at X and a direction to X; B's child is queued in Astana.
 */
export interface World {
  t: TestApp;
  ca: TestCa;
  trustFile: string;
  clients: Record<Role, TestClient>;
  A: Applicant & { directionId: string; documentId: string; messageId: string };
  B: Applicant;
  kindergartenX: number;
  kindergartenY: number;
  districtP: number;
  districtQ: number;
  /** X's place batch that gave A the direction. */
  batchX: string;
  /** A language kindergarten X teaches. */
  languageX: string;
  /** X's free-choice places for children born in FRESH_GROUP_YEAR. */
  freeChoiceX: string;
  /** A new signed-in client of the role (the one in `clients` is kept). */
  newClient(role: Role): Promise<TestClient>;
  /** The EDS keys of an applicant role. */
  keysOf(role: Role): PersonKeys | undefined;
  /** The keys a role signs with: an applicant's, or a staff member's, officer's or administrator's
   * (made on first use: they sign in with a password, but sign the workspace's actions). */
  signingKeysOf(role: Role): Promise<PersonKeys | undefined>;
  /** A new child of the applicant, registered now in Astana (born in FRESH_GROUP_YEAR). */
  freshApplication(who: 'A' | 'B'): Promise<string>;
  /** A fresh application of the applicant that has just taken one of X's free-choice places. */
  freshDirection(who: 'A' | 'B'): Promise<{ applicationId: string; directionId: string }>;
}

export const FRESH_GROUP_YEAR = 2022;

const person = (lastName: string, firstName: string) =>
  DEMO_PERSONS.find((p) => p.lastName === lastName && p.firstName === firstName)!;
export const WORLD_PEOPLE = {
  A: person('Иванова', 'Ольга'),
  childA: person('Иванов', 'Максим'),
  B: person('Ким', 'Светлана'),
  childB: person('Ким', 'Артём'),
};
const account = (iin: string) => DEMO_ACCOUNTS.find((a) => a.iin === iin)!;
const STAFF_X = account('870514430032');
const STAFF_Y = account('900809430044');
const OFFICER_P = DEMO_ACCOUNTS.find((a) => a.districts?.includes('Астана'))!;
const OFFICER_Q = DEMO_ACCOUNTS.find((a) => a.districts?.includes('г. Кокшетау'))!;

async function passwordClient(t: TestApp, iin: string, password: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  expect((await client.signIn(iin, password)).statusCode).toBe(200);
  return client;
}

let addresses = 0;
/** Moves the client to a new address, as a parent on the move would. */
export function freshAddress(client: TestClient): TestClient {
  addresses += 1;
  client.remoteAddress = `10.200.${Math.floor(addresses / 250)}.${addresses % 250}`;
  return client;
}

export async function register(
  client: TestClient,
  keys: PersonKeys,
  districtId: number,
  childIin: string,
  applicant: object = { email: 'parent@example.kz', phone: '+77011234567' },
) {
  return client.post(
    '/api/applications',
    await signedBody(freshAddress(client), keys.sign, 'application.create', {
      districtId,
      applicant,
      child: { iin: childIin },
    }),
  );
}

/** `env` may be made from the world's CA (a CRL of keys it issued, say). */
export async function buildWorld(
  env: Record<string, string> | ((ca: TestCa) => Promise<Record<string, string>>) = {},
  options: TestAppOptions = {},
): Promise<World> {
  const { ca, trustFile } = await trustedTestCa();
  const extra = typeof env === 'function' ? await env(ca) : env;
  // The world's two parents sign for every route and fault in turn, far more in a minute than a
  // person does: the limits (tested at scale 1 in hardening.test.ts) are scaled for them.
  const t = await startTestApp(
    { KEZEK_TRUSTED_CAS: trustFile, KEZEK_RATE_LIMIT_SCALE: '100', ...extra },
    options,
  );
  const [keysA, keysB] = await Promise.all([
    keysFor(ca, WORLD_PEOPLE.A),
    keysFor(ca, WORLD_PEOPLE.B),
  ]);
  const keysOf = (role: Role) =>
    role === 'applicantA' ? keysA : role === 'applicantB' ? keysB : undefined;
  const passwords: Partial<Record<Role, { iin: string; password: string }>> = {
    staffX: STAFF_X,
    staffY: STAFF_Y,
    officerP: OFFICER_P,
    officerQ: OFFICER_Q,
    admin: DEMO_ADMIN,
  };
  const madeKeys = new Map<Role, Promise<PersonKeys>>();
  const signingKeysOf = async (role: Role) => {
    const account = passwords[role];
    if (keysOf(role) || !account) return keysOf(role);
    if (!madeKeys.has(role)) {
      const [lastName, firstName] = DEMO_ACCOUNTS.find(
        (a) => a.iin === account.iin,
      )!.fullName.split(' ');
      madeKeys.set(
        role,
        keysFor(ca, { iin: account.iin, lastName: lastName!, firstName: firstName! }),
      );
    }
    return madeKeys.get(role);
  };
  const newClient = async (role: Role) => {
    const keys = keysOf(role);
    const account = passwords[role];
    if (keys) return signedInWithEds(t, keys);
    if (account) return passwordClient(t, account.iin, account.password);
    return new TestClient(t.app);
  };
  const clients = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await newClient(role)])),
  ) as Record<Role, TestClient>;
  const me = async (role: Role) => (await clients[role].get('/api/me')).json().user;
  const kindergartenX = (await me('staffX')).kindergartenIds[0];
  const kindergartenY = (await me('staffY')).kindergartenIds[0];
  const districtP = (await me('officerP')).districtIds[0];
  const districtQ = (await me('officerQ')).districtIds[0];
  const registered = async (role: 'applicantA' | 'applicantB', keys: PersonKeys, iin: string) => {
    const response = await register(clients[role], keys, districtP, iin);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const applicationA = await registered('applicantA', keysA, WORLD_PEOPLE.childA.iin);
  const applicationB = await registered('applicantB', keysB, WORLD_PEOPLE.childB.iin);
  const languageX = (
    await t.database.db
      .selectFrom('kindergartens')
      .select('languages')
      .where('id', '=', kindergartenX)
      .executeTakeFirstOrThrow()
  ).languages[0]!;
  const release = await clients.staffX.post('/api/places', {
    kindergartenId: kindergartenX,
    groupYear: 2000 + Number(WORLD_PEOPLE.childA.iin.slice(0, 2)),
    language: languageX,
    count: 2,
  });
  expect(release.statusCode, release.body).toBe(201);
  const batchX = release.json().id as string;
  const chosen = await clients.applicantA.post(
    `/api/applications/${applicationA}/direction`,
    await signedBody(clients.applicantA, keysA.sign, 'direction.choose', {
      applicationId: applicationA,
      placeId: batchX,
    }),
  );
  expect(chosen.statusCode, chosen.body).toBe(201);
  const free = await clients.staffX.post('/api/places', {
    kindergartenId: kindergartenX,
    groupYear: FRESH_GROUP_YEAR,
    language: languageX,
    count: 200,
  });
  expect(free.json()).toMatchObject({ state: 'free_choice' });
  const freeChoiceX = free.json().id as string;
  let serial = 0;
  const applicants = {
    A: { role: 'applicantA', keys: keysA, iin: WORLD_PEOPLE.A.iin },
    B: { role: 'applicantB', keys: keysB, iin: WORLD_PEOPLE.B.iin },
  } as const;
  const freshApplication = async (who: 'A' | 'B') => {
    const { role, keys, iin } = applicants[who];
    serial += 2;
    const childIin = makeIin(`${FRESH_GROUP_YEAR}-02-02`, 'female', 8000 + serial);
    await t.database.db
      .transaction()
      .execute((trx) =>
        upsertPersons(trx, [
          { iin: childIin, lastName: 'Жаңа', firstName: `Бала${serial}`, parentIins: [iin] },
        ]),
      );
    return registered(role, keys, childIin);
  };
  const freshDirection = async (who: 'A' | 'B') => {
    const applicationId = await freshApplication(who);
    const { role, keys } = applicants[who];
    const response = await clients[role].post(
      `/api/applications/${applicationId}/direction`,
      await signedBody(freshAddress(clients[role]), keys.sign, 'direction.choose', {
        applicationId,
        placeId: freeChoiceX,
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    return { applicationId, directionId: response.json().id as string };
  };
  const userIdOf = async (iin: string) =>
    (
      await t.database.db
        .selectFrom('users')
        .select('id')
        .where('iin', '=', iin)
        .executeTakeFirstOrThrow()
    ).id;
  const documentId = (
    await clients.applicantA.get(`/api/applications/${applicationA}/documents`)
  ).json().items[0].id as string;
  const messageA = await t.database.db
    .selectFrom('outbox')
    .select('id')
    .where('channel', '=', 'inapp')
    .where('recipient', '=', `user:${await userIdOf(WORLD_PEOPLE.A.iin)}`)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return {
    t,
    ca,
    trustFile,
    clients,
    A: {
      client: clients.applicantA,
      keys: keysA,
      userId: await userIdOf(WORLD_PEOPLE.A.iin),
      iin: WORLD_PEOPLE.A.iin,
      applicationId: applicationA,
      directionId: chosen.json().id,
      documentId,
      messageId: messageA.id,
    },
    B: {
      client: clients.applicantB,
      keys: keysB,
      userId: await userIdOf(WORLD_PEOPLE.B.iin),
      iin: WORLD_PEOPLE.B.iin,
      applicationId: applicationB,
    },
    kindergartenX,
    kindergartenY,
    districtP,
    districtQ,
    batchX,
    languageX,
    freeChoiceX,
    newClient,
    keysOf,
    signingKeysOf,
    freshApplication,
    freshDirection,
  };
}
