import { expect } from 'vitest';
import { makeIin, type AllocationMode, type QueueClass } from '@kezek/domain';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from '../demo/people.ts';
import { upsertPersons } from '../registry/sql.ts';
import type { PersonKeys, TestCa } from '../signature/test-ca/index.ts';
import { districtOfKindergarten, userIdOf } from './applications.ts';
import { insertApplication } from './invariants.ts';
import { keysFor, signedBody, signedInWithEds, trustedTestCa } from './eds.ts';
import { TestClient, startTestApp, type TestApp } from './harness.ts';

/** A demo account signed in with its password, and its keys from the test CA. */
export interface Account {
  client: TestClient;
  keys: PersonKeys;
  iin: string;
  userId: number;
}

/**
 * The demo city with the accounts the workspace tests act as: a parent (EDS), the staff of
 * Astana's № 1 and № 7, of Kokshetau's № 9 and of the private «Нурлы алем», the officers of
 * Astana and of the Akmola districts, the administrator.
 */
export interface WorkspaceWorld {
  t: TestApp;
  ca: TestCa;
  parent: Account;
  staff: Account;
  staffKokshetau: Account;
  staffPrivate: Account;
  officer: Account;
  officerAkmola: Account;
  admin: Account;
  kindergartens: { no1: number; no7: number; no9: number; nurly: number };
  districts: { astana: number; kokshetau: number };
}

const olga = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;

async function account(t: TestApp, ca: TestCa, iin: string): Promise<Account> {
  const demo = DEMO_ACCOUNTS.find((a) => a.iin === iin)!;
  const [lastName, firstName] = demo.fullName.split(' ');
  const client = new TestClient(t.app);
  expect((await client.signIn(demo.iin, demo.password)).statusCode).toBe(200);
  return {
    client,
    keys: await keysFor(ca, { iin, lastName: lastName!, firstName: firstName! }),
    iin,
    userId: await userIdOf(t.database.db, iin),
  };
}

/** `env`: more configuration of the app (e.g. KEZEK_METRICS). */
export async function startWorkspaceWorld(
  env: Record<string, string> = {},
): Promise<WorkspaceWorld> {
  const trusted = await trustedTestCa();
  const t = await startTestApp({ KEZEK_TRUSTED_CAS: trusted.trustFile, ...env });
  const parentKeys = await keysFor(trusted.ca, olga);
  const parentClient = await signedInWithEds(t, parentKeys);
  const byRole = (role: string, scope: string) =>
    DEMO_ACCOUNTS.find(
      (a) =>
        a.role === role && [...(a.kindergartens ?? []), ...(a.districts ?? [])].includes(scope),
    )!.iin;
  const kindergarten = async (nameRu: string) =>
    t.database.db
      .selectFrom('kindergartens')
      .select(['id', 'district_id'])
      .where('name_ru', '=', nameRu)
      .executeTakeFirstOrThrow();
  const no1 = await kindergarten('Детский сад № 1 «Балбобек»');
  const no9 = await kindergarten('Детский сад № 9 «Ак желкен»');
  return {
    t,
    ca: trusted.ca,
    parent: {
      client: parentClient,
      keys: parentKeys,
      iin: olga.iin,
      userId: await userIdOf(t.database.db, olga.iin),
    },
    staff: await account(t, trusted.ca, byRole('staff', 'Детский сад № 1 «Балбобек»')),
    staffKokshetau: await account(t, trusted.ca, byRole('staff', 'Детский сад № 9 «Ак желкен»')),
    staffPrivate: await account(t, trusted.ca, byRole('staff', 'Частный детский сад «Нурлы алем»')),
    officer: await account(t, trusted.ca, byRole('officer', 'Астана')),
    officerAkmola: await account(t, trusted.ca, byRole('officer', 'г. Кокшетау')),
    admin: await account(t, trusted.ca, DEMO_ACCOUNTS.find((a) => a.role === 'admin')!.iin),
    kindergartens: {
      no1: no1.id,
      no7: (await kindergarten('Детский сад № 7 «Акбота»')).id,
      no9: no9.id,
      nurly: (await kindergarten('Частный детский сад «Нурлы алем»')).id,
    },
    districts: { astana: no1.district_id, kokshetau: no9.district_id },
  };
}

export interface IssuedDirection {
  applicationId: string;
  directionId: string;
  number: string;
  childIin: string;
}

let serial = 0;

/**
 * A child of the parent registered in the kindergarten's district (straight into the table, as
 * registration is not under test here) and waiting alone in its queue; then the staff add one
 * place, the child gets the turn (a private kindergarten's place is in free choice at once) and
 * the parent takes it with a signed direction.choose.
 */
export async function issueDirection(
  world: WorkspaceWorld,
  options: {
    kindergartenId: number;
    staff: Account;
    queueClass?: QueueClass;
    groupYear?: number;
    language?: 'kk' | 'ru';
  },
): Promise<IssuedDirection> {
  const { t, parent } = world;
  const db = t.database.db;
  const groupYear = options.groupYear ?? 2022;
  const mine = (serial += 1);
  const childIin = makeIin(`${groupYear}-05-05`, mine % 2 ? 'male' : 'female', 8000 + mine);
  await db
    .transaction()
    .execute((trx) =>
      upsertPersons(trx, [
        { iin: childIin, lastName: 'Иванов', firstName: `Бала${mine}`, parentIins: [olga.iin] },
      ]),
    );
  const { districtId, regionId } = await districtOfKindergarten(db, options.kindergartenId);
  const at = new Date(Date.UTC(2025, 5, 1, 0, mine));
  const queueClass = options.queueClass ?? 'general';
  const applicationId = await insertApplication(db, {
    number: `UO.2025.${String(900_000 + mine).padStart(6, '0')}.1`,
    region_id: regionId,
    district_id: districtId,
    group_year: groupYear,
    child_iin: childIin,
    applicant_user_id: parent.userId,
    status: 'queued',
    queue_class: queueClass,
    benefit_code: queueClass === 'general' ? null : 'large_family',
    benefit_status: queueClass === 'general' ? null : 'claimed',
    registered_at: at,
    last_changed_at: at,
    interest_confirmed_until: new Date('2030-01-01'),
    language: 'ru',
    email: 'olga@example.kz',
    phone: '+77011112233',
  });
  const places = await options.staff.client.post('/api/places', {
    kindergartenId: options.kindergartenId,
    groupYear,
    language: options.language ?? 'kk',
    count: 1,
  });
  expect(places.statusCode).toBe(201);
  const choice = await parent.client.post(
    `/api/applications/${applicationId}/direction`,
    await signedBody(parent.client, parent.keys.sign, 'direction.choose', {
      applicationId,
      placeId: places.json().id,
    }),
  );
  expect(choice.statusCode).toBe(201);
  return {
    applicationId,
    directionId: choice.json().id,
    number: choice.json().number,
    childIin,
  };
}

/** A signed call of `action` by the account, to `url`. */
export async function signedPost(
  who: Account,
  url: string,
  action: string,
  fields: object,
  key = who.keys.sign,
) {
  return who.client.post(url, await signedBody(who.client, key, action, fields));
}

/**
 * A general child waiting in Astana's queue of `groupYear`, registered at `minute` of 2024-01-01
 * (straight into the table), with the given parents in the person registry; the world's parent
 * is its applicant.
 */
export async function waitingChild(
  world: WorkspaceWorld,
  child: { name: string; minute: number; groupYear: number; parentIins: string[] },
): Promise<string> {
  const db = world.t.database.db;
  const iin = makeIin(
    `${child.groupYear}-02-0${(child.minute % 8) + 1}`,
    'female',
    7100 + child.minute,
  );
  await db
    .transaction()
    .execute((trx) =>
      upsertPersons(trx, [
        { iin, lastName: 'Бала', firstName: child.name, parentIins: child.parentIins },
      ]),
    );
  const district = await db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', world.districts.astana)
    .executeTakeFirstOrThrow();
  const at = new Date(Date.UTC(2024, 0, 1, 0, child.minute));
  return insertApplication(db, {
    number: `UO.2024.${String(800_000 + child.minute).padStart(6, '0')}.1`,
    region_id: district.region_id,
    district_id: world.districts.astana,
    group_year: child.groupYear,
    child_iin: iin,
    applicant_user_id: world.parent.userId,
    status: 'queued',
    queue_class: 'general',
    registered_at: at,
    last_changed_at: at,
    interest_confirmed_until: new Date('2030-01-01'),
    language: 'ru',
    email: 'parent@example.kz',
    phone: '+77011112233',
  });
}

/** Sets how Astana's region gives places (docs/rules.md, "Region policy"), as its administrator. */
export async function setAstanaAllocation(
  w: WorkspaceWorld,
  allocation: AllocationMode,
): Promise<void> {
  const { region_id } = await w.t.database.db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', w.districts.astana)
    .executeTakeFirstOrThrow();
  const url = `/api/admin/policy?regionId=${region_id}`;
  const policy = (await w.admin.client.get(url)).json();
  expect((await w.admin.client.put(url, { ...policy, allocation })).statusCode).toBe(200);
}
