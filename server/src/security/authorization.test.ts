import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInvariants } from '../testing/invariants.ts';
import { startTestApp } from '../testing/harness.ts';
import { rowCounts } from '../testing/rows.ts';
import { ROLES, buildWorld, type World } from '../testing/world.ts';
import { DENIAL_CODES, MATRIX, statusOf, type Caller } from './matrix.ts';
import { STATE_CHANGING, apiRoutes } from './routes.ts';

/** The authorization matrix (matrix.ts) and CSRF, over every route the server has. */
let w: World;

beforeAll(async () => {
  w = await buildWorld();
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
        expected.check(response, w);
    }
    expect(answers).toEqual(wanted);
  });
});

/** The state-changing routes that take no CSRF token: sign-in has no session yet, sign-out must
 * always work (the SameSite=Lax cookie never rides a cross-site POST), a signing request carries a
 * nonce of this browser instead, eGov Mobile's PUT comes from the app with its request's token,
 * the test API is off in production. */
const CSRF_EXEMPT = [
  'POST /api/auth/password',
  'POST /api/auth/eds',
  'POST /api/mobile-sign',
  'PUT /api/egov/sign/:token/document',
  'POST /api/auth/logout',
  'POST /api/test/clock',
  'POST /api/test/tick',
  'POST /api/test/log-head',
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
