import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import type { PersonKeys } from '../signature/test-ca/index.ts';
import { expectInvariants } from '../testing/invariants.ts';
import { signedBody } from '../testing/eds.ts';
import { startTestApp, type TestClient } from '../testing/harness.ts';
import {
  ROLES,
  buildWorld,
  freshAddress,
  WORLD_PEOPLE,
  type Role,
  type World,
} from '../testing/world.ts';
import { STATE_CHANGING, apiRoutes, TINY_PNG, multipartFile } from './routes.ts';
import { rowCounts } from '../testing/rows.ts';

/**
 * The authorization matrix: every route of the server × every role → the expected answer. Each
 * route's request aims at a resource of applicant A (or B where noted), of kindergarten X, of
 * district P: for the other applicant, staff member and officer it is someone else's. The route
 * list comes from the server itself, so a route added without an entry here fails the test.
 */

interface Caller {
  role: Role;
  client: TestClient;
  /** Only applicants have keys, and only they get past the guards of signed routes: fresh
   * resources are made for them alone. */
  keys: PersonKeys | undefined;
}
interface Call {
  url: string;
  body?: unknown;
  payload?: Buffer;
  headers?: Record<string, string>;
}
/** A status; a status and the problem code; or a status and a check of the answer. */
type Expected =
  number | [number, string] | { status: number; check: (response: LightMyRequestResponse) => void };
interface Entry {
  call: (w: World, caller: Caller) => Call | Promise<Call>;
  expect: Record<Role, Expected>;
  /** The call ends the caller's session: it gets a fresh one. */
  freshSession?: boolean;
}

const all = (expected: Expected) =>
  Object.fromEntries(ROLES.map((role) => [role, expected])) as Record<Role, Expected>;
const signedIn = (expected: Expected) => ({ ...all(expected), anonymous: 401 });
/** Only these roles get past the guard; the others are told 403, an anonymous caller 401. */
const only = (allowed: Partial<Record<Role, Expected>>) => ({
  ...all(403),
  anonymous: 401,
  ...allowed,
});
const adminOnly = (expected: Expected) => only({ admin: expected });

const listed = (id: () => string, yes: boolean): Expected => ({
  status: 200,
  check: (response) =>
    expect(response.json().items.some((item: { id: string }) => item.id === id())).toBe(yes),
});

/** A body signed by the caller's SIGN key; a caller without keys sends one that is never read. */
async function signed(caller: Caller, action: string, fields: object) {
  if (!caller.keys) return { cms: NOT_A_CMS };
  return signedBody(freshAddress(caller.client), caller.keys.sign, action, fields);
}

/** Passes the body schema, fails as a CMS: for callers that are refused before it is read. */
const NOT_A_CMS = 'A'.repeat(24);
let unique = 0;
const next = () => (unique += 1);
const trilingual = (label: string) => ({ kk: `${label} kk`, ru: `${label} ru`, en: `${label} en` });

let w: World;
let verifyUrl: string;

const MATRIX: Record<string, Entry> = {
  // --- public: documentation, health, reference data, the public verification of a direction
  'GET /api/health': { call: () => ({ url: '/api/health' }), expect: all(200) },
  'GET /api/openapi.json': { call: () => ({ url: '/api/openapi.json' }), expect: all(200) },
  'GET /api/docs/': { call: () => ({ url: '/api/docs/' }), expect: all(200) },
  'GET /api/docs/json': { call: () => ({ url: '/api/docs/json' }), expect: all(200) },
  'GET /api/docs/yaml': { call: () => ({ url: '/api/docs/yaml' }), expect: all(200) },
  'GET /api/docs/static/index.html': {
    call: () => ({ url: '/api/docs/static/index.html' }),
    expect: all(302),
  },
  'GET /api/docs/static/swagger-initializer.js': {
    call: () => ({ url: '/api/docs/static/swagger-initializer.js' }),
    expect: all(200),
  },
  'GET /api/docs/static/*': {
    call: () => ({ url: '/api/docs/static/swagger-ui.css' }),
    expect: all(200),
  },
  'GET /api/regions': { call: () => ({ url: '/api/regions' }), expect: all(200) },
  'GET /api/kindergartens': { call: () => ({ url: '/api/kindergartens' }), expect: all(200) },
  'GET /api/benefit-categories': {
    call: () => ({ url: '/api/benefit-categories' }),
    expect: all(200),
  },
  'GET /api/public/instructions/:file': {
    call: () => ({ url: '/api/public/instructions/kk.pdf' }),
    expect: all(200),
  },
  'GET /api/public/directions/:number/verify': {
    call: () => ({ url: verifyUrl }),
    expect: all(200),
  },

  // --- signing in and the own account
  'POST /api/auth/password': {
    call: () => ({
      url: '/api/auth/password',
      body: { iin: '870514430032', password: 'not-it-at-all' },
    }),
    expect: all([401, 'bad_credentials']),
  },
  'GET /api/nonce': { call: () => ({ url: '/api/nonce' }), expect: all(200) },
  'POST /api/auth/eds': {
    call: () => ({ url: '/api/auth/eds', body: { cms: NOT_A_CMS } }),
    expect: all([400, 'malformed_cms']),
  },
  'POST /api/auth/logout': {
    call: () => ({ url: '/api/auth/logout' }),
    expect: all(204),
    freshSession: true,
  },
  'GET /api/me': { call: () => ({ url: '/api/me' }), expect: signedIn(200) },
  'PATCH /api/me': {
    call: () => ({ url: '/api/me', body: { email: 'me@example.kz', phone: '+77010000009' } }),
    expect: signedIn(200),
  },

  // --- the person registry, for the applicant's own family only
  'GET /api/persons/:iin': {
    call: () => ({ url: `/api/persons/${WORLD_PEOPLE.childA.iin}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/persons/me/children': {
    call: () => ({ url: '/api/persons/me/children' }),
    expect: only({ applicantA: 200, applicantB: 200 }),
  },

  // --- applications: A's, or B's where the call would change it for good
  'POST /api/attachments': {
    call: () => multipartFile('/api/attachments', 'scan.png', TINY_PNG),
    expect: only({ applicantA: 201, applicantB: 201 }),
  },
  'POST /api/applications': {
    call: async (w, caller) => ({
      url: '/api/applications',
      body: await signed(caller, 'application.create', {
        districtId: w.districtP,
        applicant: { email: 'parent@example.kz', phone: '+77011234567' },
        child: { iin: WORLD_PEOPLE.childA.iin },
      }),
    }),
    expect: only({
      applicantA: [409, 'child_already_queued'],
      applicantB: [422, 'not_a_parent'],
    }),
  },
  'GET /api/applications': {
    call: () => ({ url: '/api/applications' }),
    expect: only({
      applicantA: listed(() => w.A.applicationId, true),
      applicantB: listed(() => w.A.applicationId, false),
    }),
  },
  'POST /api/applications/attach': {
    call: async (_w, caller) => ({
      url: '/api/applications/attach',
      body: await signed(caller, 'application.attach', { childIin: WORLD_PEOPLE.childA.iin }),
    }),
    expect: only({ applicantA: 200, applicantB: [422, 'not_a_parent'] }),
  },
  'GET /api/applications/:id': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/history': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/history` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/applications/:id/documents': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/documents` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'GET /api/documents/:id': {
    call: (w) => ({ url: `/api/documents/${w.A.documentId}` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'POST /api/applications/:id/confirm-interest': {
    call: (w) => ({ url: `/api/applications/${w.B.applicationId}/confirm-interest` }),
    expect: only({ applicantA: 404, applicantB: 200 }),
  },
  'POST /api/applications/:id/benefit': {
    call: async (w, caller) => ({
      url: `/api/applications/${w.B.applicationId}/benefit`,
      body: await signed(caller, 'application.changeBenefit', {
        applicationId: w.B.applicationId,
        benefit: null,
      }),
    }),
    expect: only({ applicantA: 404, applicantB: 200 }),
  },
  'POST /api/applications/:id/withdraw': {
    call: async (w, caller) => {
      const id = caller.keys ? await w.freshApplication('B') : w.B.applicationId;
      return {
        url: `/api/applications/${id}/withdraw`,
        body: await signed(caller, 'application.withdraw', { applicationId: id }),
      };
    },
    expect: only({ applicantA: 404, applicantB: 200 }),
  },

  // --- places and directions
  'POST /api/places': {
    call: (w) => ({
      url: '/api/places',
      body: { kindergartenId: w.kindergartenX, groupYear: 2025, language: w.languageX, count: 1 },
    }),
    expect: only({ staffX: 201, staffY: 404, admin: 201 }),
  },
  'GET /api/places': {
    call: () => ({ url: '/api/places?limit=200' }),
    expect: only({
      staffX: listed(() => w.batchX, true),
      staffY: listed(() => w.batchX, false),
      officerP: listed(() => w.batchX, true),
      officerQ: listed(() => w.batchX, false),
      admin: listed(() => w.batchX, true),
    }),
  },
  'GET /api/applications/:id/offers': {
    call: (w) => ({ url: `/api/applications/${w.A.applicationId}/offers` }),
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'POST /api/applications/:id/direction': {
    call: async (w, caller) => {
      const applicationId = caller.keys ? await w.freshApplication('B') : w.B.applicationId;
      return {
        url: `/api/applications/${applicationId}/direction`,
        body: await signed(caller, 'direction.choose', { applicationId, placeId: w.freeChoiceX }),
      };
    },
    expect: only({ applicantA: 404, applicantB: 201 }),
  },
  'POST /api/directions/:id/extend': {
    call: async (w, caller) => {
      const { directionId } = caller.keys ? await w.freshDirection('A') : w.A;
      return {
        url: `/api/directions/${directionId}/extend`,
        body: await signed(caller, 'direction.extend', { directionId, days: 10 }),
      };
    },
    expect: only({ applicantA: 200, applicantB: 404 }),
  },
  'POST /api/directions/:id/revoke': {
    call: async (w, caller) => {
      const { directionId } = caller.keys ? await w.freshDirection('A') : w.A;
      return {
        url: `/api/directions/${directionId}/revoke`,
        body: await signed(caller, 'direction.revoke', { directionId, reason: 'we moved' }),
      };
    },
    expect: only({ applicantA: 200, applicantB: 404 }),
  },

  // --- administration: the administrator only
  'GET /api/admin/regions': { call: () => ({ url: '/api/admin/regions' }), expect: adminOnly(200) },
  'POST /api/admin/regions': {
    call: () => ({
      url: '/api/admin/regions',
      body: { code: `matrix-${next()}`, name: trilingual(`Region ${unique}`) },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/regions/:id': {
    call: async (w) => ({ url: `/api/admin/regions/${await regionOf(w)}`, body: {} }),
    expect: adminOnly(200),
  },
  'GET /api/admin/districts': {
    call: () => ({ url: '/api/admin/districts' }),
    expect: adminOnly(200),
  },
  'POST /api/admin/districts': {
    call: async (w) => ({
      url: '/api/admin/districts',
      body: { regionId: await regionOf(w), name: trilingual(`District ${next()}`) },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/districts/:id': {
    call: async (w) => ({
      url: `/api/admin/districts/${w.districtQ}`,
      body: { name: trilingual(`Renamed district ${next()}`) },
    }),
    expect: adminOnly(200),
  },
  'GET /api/admin/kindergartens': {
    call: () => ({ url: '/api/admin/kindergartens' }),
    expect: adminOnly(200),
  },
  'GET /api/admin/kindergartens/:id': {
    call: (w) => ({ url: `/api/admin/kindergartens/${w.kindergartenX}` }),
    expect: adminOnly(200),
  },
  'POST /api/admin/kindergartens': {
    call: (w) => ({
      url: '/api/admin/kindergartens',
      body: {
        districtId: w.districtQ,
        name: { kk: `Балабақша ${next()}`, ru: `Сад ${unique}` },
        type: 'state',
        languages: ['kk'],
        address: 'Көше, 1',
      },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/kindergartens/:id': {
    call: (w) => ({ url: `/api/admin/kindergartens/${w.kindergartenY}`, body: {} }),
    expect: adminOnly(200),
  },
  'GET /api/admin/staff': { call: () => ({ url: '/api/admin/staff' }), expect: adminOnly(200) },
  'POST /api/admin/staff': {
    call: (w) => ({
      url: '/api/admin/staff',
      body: {
        iin: makeIin('1985-05-05', 'male', 4000 + 2 * next()),
        fullName: 'Matrix Staff',
        password: 'matrix-password-1',
        role: 'staff',
        kindergartenIds: [w.kindergartenX],
      },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/admin/staff/:id': {
    call: async (w) => ({ url: `/api/admin/staff/${await userIdOf(w, '900809430044')}`, body: {} }),
    expect: adminOnly(200),
  },
  // Officers read the policy of any region (it is public rules) and keep the one national calendar.
  'GET /api/admin/policy': {
    call: async (w) => ({ url: `/api/admin/policy?regionId=${await regionOf(w)}` }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  'PUT /api/admin/policy': {
    call: async (w) => {
      const url = `/api/admin/policy?regionId=${await regionOf(w)}`;
      return { url, body: (await w.clients.admin.get(url)).json() };
    },
    expect: adminOnly(200),
  },
  'GET /api/admin/calendar': {
    call: () => ({ url: '/api/admin/calendar?year=2026' }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  'PUT /api/admin/calendar/:date': {
    call: () => ({
      url: '/api/admin/calendar/2030-06-03',
      body: { kind: 'holiday', name: 'Matrix' },
    }),
    expect: only({ officerP: 200, officerQ: 200, admin: 200 }),
  },
  'DELETE /api/admin/calendar/:date': {
    call: async (w) => {
      const url = `/api/admin/calendar/2030-06-${String(4 + (next() % 20)).padStart(2, '0')}`;
      await w.clients.admin.put(url, { kind: 'holiday', name: 'Matrix' });
      return { url };
    },
    expect: only({ officerP: 204, officerQ: 204, admin: 204 }),
  },

  // --- demo mode (KEZEK_DEMO=1) and the test API (KEZEK_TEST_API=1): public by design, never in production
  'GET /api/demo/keys': { call: () => ({ url: '/api/demo/keys' }), expect: all(200) },
  'GET /api/demo/keys/:iin/:file': {
    call: () => ({ url: `/api/demo/keys/${WORLD_PEOPLE.A.iin}/auth.p12` }),
    expect: all(200),
  },
  'POST /api/test/clock': {
    call: () => ({ url: '/api/test/clock', body: { advance: 'PT0S' } }),
    expect: all(200),
  },
  'POST /api/test/tick': { call: () => ({ url: '/api/test/tick' }), expect: all(200) },
  'GET /api/test/outbox': { call: () => ({ url: '/api/test/outbox' }), expect: all(200) },
  'POST /api/test/persons': {
    call: () => ({
      url: '/api/test/persons',
      body: { persons: [{ iin: '220315500010', lastName: 'Тест', firstName: 'Адам' }] },
    }),
    expect: all(200),
  },
};

async function regionOf(w: World): Promise<number> {
  const row = await w.t.database.db
    .selectFrom('districts')
    .select('region_id')
    .where('id', '=', w.districtQ)
    .executeTakeFirstOrThrow();
  return row.region_id;
}

async function userIdOf(w: World, iin: string): Promise<number> {
  const row = await w.t.database.db
    .selectFrom('users')
    .select('id')
    .where('iin', '=', iin)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  w = await buildWorld();
  const direction = await w.t.database.db
    .selectFrom('directions')
    .select(['number', 'verify_code'])
    .where('id', '=', w.A.directionId)
    .executeTakeFirstOrThrow();
  verifyUrl = `/api/public/directions/${direction.number}/verify?code=${direction.verify_code}`;
  await w.t.database.db
    .insertInto('demo_keys')
    .values({
      iin: WORLD_PEOPLE.A.iin,
      key_type: 'auth',
      full_name: 'Иванова Ольга',
      role: 'applicant',
      p12: Buffer.from('demo'),
    })
    .execute();
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

describe('the authorization matrix', () => {
  it('has an entry for every route of the server, and none for a route that does not exist', () => {
    const routes = apiRoutes(w.t.routes).map((r) => r.key);
    const missing = routes.filter((key) => !(key in MATRIX));
    const stale = Object.keys(MATRIX).filter((key) => !routes.includes(key));
    expect({ missing, stale }, 'add every new route to MATRIX with its expected answers').toEqual({
      missing: [],
      stale: [],
    });
  });

  it.each(Object.keys(MATRIX))('%s answers each role as expected', async (key) => {
    const entry = MATRIX[key]!;
    const method = key.split(' ')[0]!;
    const answers: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const role of ROLES) {
      const client = entry.freshSession ? await w.newClient(role) : w.clients[role];
      const caller: Caller = { role, client, keys: w.keysOf(role) };
      const call = await entry.call(w, caller);
      const response = await client.request({
        method: method as 'GET',
        url: call.url,
        ...(call.body !== undefined && { payload: call.body as object }),
        ...(call.payload && { payload: call.payload }),
        ...(call.headers && { headers: call.headers }),
      });
      const expected = entry.expect[role];
      const status = statusOf(expected);
      const code = Array.isArray(expected) ? expected[1] : DENIAL_CODES[status];
      wanted[role] = status >= 400 ? `${status} ${code}` : `${status}`;
      answers[role] =
        response.statusCode >= 400
          ? `${response.statusCode} ${response.json().code}`
          : `${response.statusCode}`;
      if (
        typeof expected === 'object' &&
        !Array.isArray(expected) &&
        response.statusCode === status
      )
        expected.check(response);
    }
    expect(answers).toEqual(wanted);
  });
});

function statusOf(expected: Expected): number {
  if (typeof expected === 'number') return expected;
  return Array.isArray(expected) ? expected[0] : expected.status;
}

/** The code a denial carries unless the entry names another. */
const DENIAL_CODES: Record<number, string> = {
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
};

/** The state-changing routes that take no CSRF token: sign-in has no session yet, sign-out must
 * always work (the SameSite=Lax cookie never rides a cross-site POST), the test API is off in production. */
const CSRF_EXEMPT = [
  'POST /api/auth/password',
  'POST /api/auth/eds',
  'POST /api/auth/logout',
  'POST /api/test/clock',
  'POST /api/test/tick',
  'POST /api/test/persons',
];

describe('CSRF', () => {
  const stateChanging = () => apiRoutes(w.t.routes).filter((r) => STATE_CHANGING.has(r.method));

  it('exempts only the routes that must be', () => {
    expect(
      stateChanging()
        .filter((r) => r.route.config?.csrf === false)
        .map((r) => r.key)
        .sort(),
    ).toEqual([...CSRF_EXEMPT].sort());
  });

  it('refuses every other state change without the session’s token, before anything is done', async () => {
    const refused: Record<string, string> = {};
    for (const { key } of stateChanging().filter((r) => !CSRF_EXEMPT.includes(r.key))) {
      const entry = MATRIX[key]!;
      // The first role the guards let through: the token is the only thing missing.
      const role = ROLES.find(
        (r) => r !== 'anonymous' && ![401, 403].includes(statusOf(entry.expect[r])),
      )!;
      const client = w.clients[role];
      const call = await entry.call(w, { role, client, keys: w.keysOf(role) });
      const before = await rowCounts(w.t.database.db);
      const response = await client.request({
        method: key.split(' ')[0] as 'POST',
        url: call.url,
        ...(call.body !== undefined && { payload: call.body as object }),
        ...(call.payload && { payload: call.payload }),
        headers: { ...call.headers, 'x-csrf-token': 'forged' },
      });
      refused[key] = `${role} ${response.statusCode} ${response.json().code}`;
      expect(await rowCounts(w.t.database.db), key).toEqual(before);
    }
    expect(
      Object.values(refused).every((answer) => answer.endsWith(' 403 csrf_invalid')),
      JSON.stringify(refused, null, 1),
    ).toBe(true);
    expect(Object.keys(refused).length).toBeGreaterThan(20);
  });
});

describe('a production server', () => {
  it('has neither the test API nor the demo key files', async () => {
    const t = await startTestApp({ KEZEK_TEST_API: '0', KEZEK_DEMO: '0' });
    const keys = apiRoutes(t.routes).map((r) => r.key);
    await t.close();
    expect(keys.filter((key) => /\/api\/(test|demo)\//.test(key))).toEqual([]);
    expect(keys.length).toBeGreaterThan(40);
  });
});
