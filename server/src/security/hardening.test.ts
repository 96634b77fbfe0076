import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { signerFactory } from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIin } from '@kezek/domain';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { LIMITS } from '../http/limits.ts';
import { loggerOptions } from '../http/logging.ts';
import { NONCE_BINDING_COOKIE } from '../http/nonce-binding.ts';
import { base64, keysFor, nonceFor, signedInWithEds, trustedTestCa, utf8 } from '../testing/eds.ts';
import { DEMO_ADMIN, TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { signCms, type PersonKeys } from '../signature/test-ca/index.ts';
import { WORLD_PEOPLE } from '../testing/world.ts';

/** The web hardening of docs/security.md: headers, cookies, sessions, rate limits, proxies. */

const PROXY = '127.0.0.1';
let t: TestApp;
let keys: PersonKeys;
const staff = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;

beforeAll(async () => {
  const trusted = await trustedTestCa();
  t = await startTestApp({ KEZEK_TRUSTED_CAS: trusted.trustFile, KEZEK_TRUST_PROXY: PROXY });
  keys = await keysFor(trusted.ca, WORLD_PEOPLE.A);
});
afterAll(() => t.close());

/** A browser behind the TLS proxy: it connects to the proxy, the proxy to kezek. */
function behindProxy(clientAddress: string, protocol = 'https'): TestClient {
  const client = new TestClient(t.app);
  client.remoteAddress = PROXY;
  const request = client.request.bind(client);
  client.request = (options) =>
    request({
      ...options,
      headers: {
        'x-forwarded-for': clientAddress,
        'x-forwarded-proto': protocol,
        ...(options.headers as Record<string, string>),
      },
    });
  return client;
}

const directives = (header: string) =>
  Object.fromEntries(
    header.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('Content-Security-Policy', () => {
  it('allows scripts only from the own origin, no framing, no plugins, on API answers and pages alike', async () => {
    for (const url of ['/api/health', '/api/me', '/some/page']) {
      const response = await new TestClient(t.app).get(url);
      const csp = directives(String(response.headers['content-security-policy']));
      expect(csp['script-src'], url).toEqual(["'self'"]);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['base-uri']).toEqual(["'self'"]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('is one the web app can live with: its HTML has no inline script', () => {
    const pages = ['../../../web/index.html', '../../../web/dist/index.html']
      .map((file) => fileURLToPath(new URL(file, import.meta.url)))
      .filter((file) => existsSync(file));
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const scripts = [
        ...readFileSync(file, 'utf8').matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g),
      ];
      expect(scripts.length, file).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes, file).toMatch(/\bsrc=/);
        expect(body!.trim(), file).toBe('');
      }
    }
  });
});

describe('authorization before validation', () => {
  const badBodies = [{}, { code: 7, name: null }, { code: 'X\u0000', name: { kk: 'a', ru: 'a' } }];

  it('tells a parent calling an administrator’s route 403 and an anonymous caller 401, whatever the body, before any field is judged', async () => {
    const parent = await signedInWithEds(t, keys);
    const anonymous = new TestClient(t.app);
    for (const body of badBodies) {
      const refused = await parent.post('/api/admin/regions', body);
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'forbidden']);
      expect(refused.json().errors).toBeUndefined();
      const unknown = await anonymous.post('/api/admin/regions', body);
      expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'not_signed_in']);
    }
    const badPath = await parent.patch('/api/admin/regions/not-a-number', { name: 7 });
    expect([badPath.statusCode, badPath.json().code]).toEqual([403, 'forbidden']);
  });

  it('judges the fields of the role the route is for', async () => {
    const admin = new TestClient(t.app);
    expect((await admin.signIn(DEMO_ADMIN.iin, DEMO_ADMIN.password)).statusCode).toBe(200);
    for (const body of badBodies) {
      const invalid = await admin.post('/api/admin/regions', body);
      expect([invalid.statusCode, invalid.json().code]).toEqual([400, 'validation_failed']);
    }
  });

  it('runs the role guards at onRequest, before the body is read or validated', () => {
    const guarded = t.routes.filter((route) => [route.onRequest ?? []].flat().length > 0);
    expect(guarded.length).toBeGreaterThan(40);
  });
});

describe('a bad URL', () => {
  it('is answered 400 problem+json in the caller’s language, with the headers of every answer', async () => {
    for (const url of ['/api/%E0%A4%A', '/api/persons/%E0%A4%A', '/some/page/%zz']) {
      const response = await t.app.inject({
        method: 'GET',
        url,
        headers: { 'accept-language': 'ru' },
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toEqual({
        type: 'about:blank',
        title: 'Адрес запроса указан неверно',
        status: 400,
        code: 'bad_url',
      });
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(
        directives(String(response.headers['content-security-policy']))['frame-ancestors'],
      ).toEqual(["'none'"]);
    }
  });

  it('with a bad percent-encoding in the query is a field error like any other', async () => {
    const response = await new TestClient(t.app).get('/api/kindergartens?language=%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
  });
});

describe('behind the TLS proxy (KEZEK_TRUST_PROXY)', () => {
  it('sends HSTS and a Secure, HttpOnly, SameSite cookie over HTTPS', async () => {
    const client = behindProxy('203.0.113.7');
    const response = await client.post('/api/auth/password', {
      iin: staff.iin,
      password: staff.password,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const cookie = response.cookies.find((c) => c.name === 'kezek_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  });

  it('sends neither over plain HTTP, and believes no forwarded header from anyone but the proxy', async () => {
    const plain = await behindProxy('203.0.113.8', 'http').post('/api/auth/password', {
      iin: staff.iin,
      password: staff.password,
    });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.cookies.find((c) => c.name === 'kezek_session')!.secure).toBeFalsy();

    const spoofing = new TestClient(t.app);
    const spoofed = await spoofing.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { iin: staff.iin, password: staff.password },
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.1' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    expect(spoofed.cookies.find((c) => c.name === 'kezek_session')!.secure).toBeFalsy();
  });

  it('counts anonymous nonces per client address, not for the proxy as a whole; a forged address does not escape it', async () => {
    const first = behindProxy('203.0.113.20');
    for (let i = 0; i < LIMITS.nonce.perAddress; i += 1) {
      expect((await first.get('/api/nonce')).statusCode).toBe(200);
    }
    const limited = await first.get('/api/nonce');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    // Another parent behind the same proxy still gets nonces.
    expect((await behindProxy('203.0.113.21').get('/api/nonce')).statusCode).toBe(200);

    // A direct client that claims to be someone else through X-Forwarded-For is still itself.
    const direct = new TestClient(t.app);
    for (let i = 0; i < LIMITS.nonce.perAddress; i += 1) {
      await direct.request({
        method: 'GET',
        url: '/api/nonce',
        headers: { 'x-forwarded-for': `198.51.100.${i % 250}` },
      });
    }
    expect((await direct.get('/api/nonce')).statusCode).toBe(429);
  });
});

describe('limits that fit a city', () => {
  let made = 0;
  /** `count` new signed-in parents, each in a browser of their own. */
  async function parents(count: number, clientAddress: string): Promise<TestClient[]> {
    const now = t.clock.now();
    const first = made;
    made += count;
    const users = await t.database.db
      .insertInto('users')
      .values(
        Array.from({ length: count }, (_, i) => ({
          iin: makeIin('1990-01-01', 'female', 2 * (first + i)),
          full_name: `Parent ${i}`,
          roles: ['applicant'],
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    return Promise.all(
      users.map(async ({ id }) => {
        const client = await TestClient.withUserSession(t, id);
        client.remoteAddress = PROXY;
        const request = client.request.bind(client);
        client.request = (options) =>
          request({
            ...options,
            headers: { 'x-forwarded-for': clientAddress, ...(options.headers as object) },
          });
        return client;
      }),
    );
  }

  it('gives 200 signed-in parents behind one address (a public service centre) every nonce they ask for', async () => {
    const centre = await parents(200, '203.0.113.60');
    const answers = await Promise.all(
      centre.flatMap((client) => [client.get('/api/nonce'), client.get('/api/nonce')]),
    );
    expect(answers.filter((r) => r.statusCode !== 200)).toEqual([]);
  });

  it('limits one signed-in person, whatever their addresses: 429 with Retry-After and a title in their language', async () => {
    const [person] = await parents(1, '203.0.113.61');
    for (let i = 0; i < LIMITS.nonce.perPerson; i += 1) {
      person!.remoteAddress = `10.61.0.${i % 250}`;
      expect((await person!.get('/api/nonce')).statusCode).toBe(200);
    }
    const limited = await person!.request({
      method: 'GET',
      url: '/api/nonce',
      headers: { 'accept-language': 'ru' },
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({
      code: 'rate_limited',
      title: 'Слишком много попыток; подождите минуту и повторите',
    });
    // The next parent at the same address is not touched by it.
    const [neighbour] = await parents(1, '203.0.113.61');
    expect((await neighbour!.get('/api/nonce')).statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('answers the EDS sign-in attempts of one address beyond its limit with 429', async () => {
    const client = new TestClient(t.app);
    for (let i = 0; i < LIMITS.edsSignIn.perAddress; i += 1) {
      const response = await client.post('/api/auth/eds', { cms: 'A'.repeat(24) });
      expect(response.statusCode).toBe(400);
    }
    const limited = await client.post('/api/auth/eds', { cms: 'A'.repeat(24) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
  });
});

describe('nothing stored before sign-in', () => {
  const sessionCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers an anonymous GET /api/nonce without a stored session; the nonce signs in from the same browser only', async () => {
    const before = await sessionCount();
    const browser = new TestClient(t.app);
    const nonce = await nonceFor(browser);
    const again = await browser.get('/api/nonce');
    expect(again.statusCode).toBe(200);
    expect(await sessionCount()).toBe(before);
    expect(again.cookies.map((c) => c.name)).toEqual([NONCE_BINDING_COOKIE]);
    expect(again.cookies[0]).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/api',
      maxAge: 600,
    });
    expect(browser.sessionCookie).toBeNull();

    const cms = base64(signCms(utf8(nonce), keys.auth, { includeChain: true }));
    const other = new TestClient(t.app);
    await nonceFor(other);
    for (const stranger of [other, new TestClient(t.app)]) {
      const refused = await stranger.post('/api/auth/eds', { cms });
      expect([refused.statusCode, refused.json().code]).toEqual([401, 'nonce_invalid']);
    }
    expect(await sessionCount()).toBe(before);

    expect((await browser.post('/api/auth/eds', { cms })).statusCode).toBe(200);
    expect(await sessionCount()).toBe(before + 1);
    expect((await browser.get('/api/me')).statusCode).toBe(200);
  });
});

/** A session id an attacker planted in the browser before sign-in, signed as the server signs. */
function planted(): { sid: string; cookie: string } {
  const sid = randomBytes(24).toString('base64url');
  const signed = signerFactory(t.sessionSecret).sign(sid);
  return { sid, cookie: `kezek_session=${encodeURIComponent(signed)}` };
}

const sidOf = (response: LightMyRequestResponse) =>
  decodeURIComponent(response.cookies.find((c) => c.name === 'kezek_session')!.value).split('.')[0];

describe('session rotation', () => {
  const remoteAddress = '10.99.0.1';

  it('gives a new session at EDS sign-in: the id fixed before it is not signed in afterwards', async () => {
    const fixed = planted();
    const asked = await t.app.inject({
      method: 'GET',
      url: '/api/nonce',
      headers: { cookie: fixed.cookie },
      remoteAddress,
    });
    const binding = asked.cookies.find((c) => c.name === NONCE_BINDING_COOKIE)!;
    const cms = base64(signCms(utf8(asked.json().nonce), keys.auth, { includeChain: true }));
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/eds',
      payload: { cms },
      headers: { cookie: `${fixed.cookie}; ${NONCE_BINDING_COOKIE}=${binding.value}` },
      remoteAddress,
    });
    expect(signedIn.statusCode).toBe(200);
    expect(sidOf(signedIn)).not.toBe(fixed.sid);
    const attacker = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: fixed.cookie },
    });
    expect(attacker.statusCode).toBe(401);
  });

  it('gives a new session at password sign-in, and refuses a session id it did not sign', async () => {
    const fixed = planted();
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { iin: staff.iin, password: staff.password },
      headers: { cookie: fixed.cookie },
      remoteAddress,
    });
    expect(signedIn.statusCode).toBe(200);
    const sid = sidOf(signedIn);
    expect(sid).not.toBe(fixed.sid);
    const attacker = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: fixed.cookie },
    });
    expect(attacker.statusCode).toBe(401);
    const unsigned = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `kezek_session=${sid}.forged-signature` },
    });
    expect(unsigned.statusCode).toBe(401);
  });
});

describe('request logs', () => {
  it('never carry a full IIN, the session cookie or the CSRF token', async () => {
    const lines: string[] = [];
    const app = Fastify({
      logger: {
        ...(loggerOptions('info') as object),
        stream: { write: (line: string) => lines.push(line) },
      },
    });
    app.get('/api/persons/:iin', async () => ({}));
    await app.inject({
      method: 'GET',
      url: `/api/persons/${WORLD_PEOPLE.childA.iin}`,
      headers: { cookie: 'kezek_session=secret-session-id', 'x-csrf-token': 'secret-token' },
    });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/api/persons/');
    expect(log).not.toContain(WORLD_PEOPLE.childA.iin);
    expect(log).not.toContain('secret-session-id');
    expect(log).not.toContain('secret-token');
  });
});
