import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { signedBodySchema } from '@kezek/contracts';
import { requireRole } from '../http/guard.ts';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from '../demo/people.ts';
import {
  createCrl,
  createTestCa,
  issuePersonKeys,
  openP12,
  signCms,
  type CmsSigner,
  type PersonKeys,
  type TestCa,
} from '../signature/test-ca/index.ts';
import { gostCms } from '../signature/test-ca/gost.ts';
import { ChainCache } from '../signature/chain.ts';
import { PROBLEM_TITLES } from '../i18n/problems.ts';
import { TestClient, startTestApp, type TestApp } from '../testing/harness.ts';
import { notFound } from '../problem.ts';
import { signedAction } from '../http/signed-action.ts';
import { useNonce } from './nonces.ts';
import { LIMITS } from '../http/limits.ts';
import { base64, nonceFor, utf8 } from '../testing/eds.ts';

const nca = (file: string) =>
  fileURLToPath(new URL(`../../test-fixtures/nca-test/${file}`, import.meta.url));
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A promise the test resolves: what keeps a 'hold' request inside the gate. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
let gateHeld = deferred();

/** A signed endpoint for these tests only: the gate every real signed route uses. */
const echoAction: FastifyPluginAsync = async (app) => {
  app
    .withTypeProvider<ZodTypeProvider>()
    .post(
      '/api/test-only/echo',
      { preHandler: requireRole('applicant'), schema: { body: signedBodySchema } },
      async (request) => {
        return signedAction(
          request,
          request.body.cms,
          {
            action: 'test.echo',
            fields: z.object({ text: z.string().max(50) }),
            // A target the caller may not reach: refused before anything is verified. 'hold'
            // keeps the request inside the gate until the test lets it go.
            authorize: async ({ text }) => {
              if (text === 'not-yours') throw notFound();
              if (text === 'hold') await gateHeld.promise;
            },
          },
          async (signed) => ({ text: signed.fields.text, signer: signed.signer.iin }),
        );
      },
    );
};

let t: TestApp;
let ca: TestCa;
let parent: PersonKeys;
let otherParent: PersonKeys;
let revoked: PersonKeys;
let stranger: PersonKeys;
const parentPerson = DEMO_PERSONS.find((p) => p.lastName === 'Иванова')!;
const otherPerson = DEMO_PERSONS.find((p) => p.lastName === 'Бекова')!;
const staffAccount = DEMO_ACCOUNTS.find((a) => a.role === 'staff')!;

beforeAll(async () => {
  ca = await createTestCa({ label: 'EDS TEST' });
  const otherCa = await createTestCa({ label: 'UNTRUSTED' });
  const validity = {
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  };
  parent = await issuePersonKeys(ca, {
    iin: parentPerson.iin,
    surname: 'ИВАНОВА',
    givenName: 'ОЛЬГА',
    ...validity,
  });
  otherParent = await issuePersonKeys(ca, {
    iin: otherPerson.iin,
    surname: 'БЕКОВА',
    givenName: 'ГҮЛЖАН',
    ...validity,
  });
  revoked = await issuePersonKeys(ca, {
    iin: '220315500104',
    surname: 'ОТОЗВАН',
    givenName: 'КЛЮЧ',
    ...validity,
  });
  stranger = await issuePersonKeys(otherCa, {
    iin: '220315500010',
    surname: 'ЧУЖОЙ',
    givenName: 'ЦЕНТР',
    ...validity,
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'kezek-eds-'));
  await writeFile(
    path.join(dir, 'ca.pem'),
    ca.root.certificatePem + ca.intermediate.certificatePem,
  );
  const crl = await createCrl(ca, [revoked.auth.serialNumberHex, revoked.sign.serialNumberHex], {
    thisUpdate: new Date('2026-01-01T00:00:00Z'),
    nextUpdate: new Date('2027-01-01T00:00:00Z'),
  });
  await writeFile(path.join(dir, 'ca.crl'), crl.der);
  t = await startTestApp(
    {
      KEZEK_TRUSTED_CAS: [path.join(dir, 'ca.pem'), nca('root_rsa.pem'), nca('nca_rsa.pem')].join(
        ',',
      ),
      KEZEK_CRLS: path.join(dir, 'ca.crl'),
      // The real keys name the national CA's CRL points, out of a test's reach: fetched, they
      // would fail closed (revocation_unknown). Revocation over HTTP: signature/revocation.test.ts.
      KEZEK_CRL_FETCH: '0',
    },
    { plugins: [echoAction] },
  );
});
afterAll(() => t.close());

async function signIn(client: TestClient, key: CmsSigner, nonce?: string) {
  const signed = signCms(utf8(nonce ?? (await nonceFor(client))), key, { includeChain: true });
  return client.post('/api/auth/eds', { cms: base64(signed) });
}

async function signedEcho(
  client: TestClient,
  key: CmsSigner,
  fields: Record<string, unknown> = {},
) {
  const content = { action: 'test.echo', nonce: await nonceFor(client), text: 'сәлем', ...fields };
  return client.post('/api/test-only/echo', {
    cms: base64(signCms(utf8(JSON.stringify(content)), key, { includeChain: true })),
  });
}

/** Signs in and picks up the CSRF token, as the web app does after EDS sign-in. */
async function signedInClient(key: CmsSigner): Promise<TestClient> {
  const client = new TestClient(t.app);
  const response = await signIn(client, key);
  expect(response.statusCode).toBe(200);
  await client.refreshCsrf();
  return client;
}

describe('EDS sign-in', () => {
  it('signs a citizen in with the AUTH key, names them from the registry and asks for contacts', async () => {
    const client = new TestClient(t.app);
    const response = await signIn(client, parent.auth);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { iin: parentPerson.iin, fullName: 'Иванова Ольга Сергеевна', roles: ['applicant'] },
      contactsRequired: true,
    });
    await client.refreshCsrf();
    await client.patch('/api/me', { email: 'olga@example.kz', phone: '+77011112233' });
    const again = await signIn(new TestClient(t.app), parent.auth);
    expect(again.json().contactsRequired).toBe(false);
  });

  it('gives a staff member who signs in with a personal key their account, plus the applicant role', async () => {
    const keys = await issuePersonKeys(ca, {
      iin: staffAccount.iin,
      surname: 'ОМАРОВА',
      givenName: 'АЙГЕРІМ',
      notBefore: new Date('2026-01-01'),
      notAfter: new Date('2027-01-01'),
    });
    const response = await signIn(new TestClient(t.app), keys.auth);
    expect(response.json().user.roles.sort()).toEqual(['applicant', 'staff']);
    expect(response.json().user.kindergartenIds).toHaveLength(2);
  });

  it('rotates the session id at sign-in', async () => {
    const client = new TestClient(t.app);
    const nonce = await nonceFor(client);
    const before = client.sessionCookie;
    await signIn(client, parent.auth, nonce);
    expect(client.sessionCookie).not.toBe(before);
  });

  it.each([
    ['the SIGN key', () => parent.sign, 'wrong_key_type', 401],
    ['a key of an untrusted CA', () => stranger.auth, 'untrusted_chain', 401],
    ['a revoked key', () => revoked.auth, 'cert_revoked', 401],
  ])('refuses %s', async (_case, key, code, status) => {
    const response = await signIn(new TestClient(t.app), key());
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('refuses garbage as malformed_cms', async () => {
    const client = new TestClient(t.app);
    const response = await client.post('/api/auth/eds', {
      cms: base64(utf8('not a CMS at all, just text')),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('malformed_cms');
  });

  it('refuses a replayed nonce, a nonce of another session and an expired nonce', async () => {
    const client = new TestClient(t.app);
    const nonce = await nonceFor(client);
    const signed = base64(signCms(utf8(nonce), parent.auth, { includeChain: true }));
    expect((await client.post('/api/auth/eds', { cms: signed })).statusCode).toBe(200);
    const replay = await client.post('/api/auth/eds', { cms: signed });
    expect(replay.json().code).toBe('nonce_invalid'); // the session was rotated: the nonce is not this session's
    const sameSession = new TestClient(t.app);
    const nonce2 = await nonceFor(sameSession);
    const once = base64(signCms(utf8(nonce2), parent.auth, { includeChain: true }));
    await sameSession.post('/api/auth/eds', { cms: once });
    const otherSession = new TestClient(t.app);
    await nonceFor(otherSession);
    expect((await otherSession.post('/api/auth/eds', { cms: once })).json().code).toBe(
      'nonce_invalid',
    );
    const late = new TestClient(t.app);
    const nonce3 = await nonceFor(late);
    t.clock.advance(11 * 60 * 1000);
    expect((await signIn(late, parent.auth, nonce3)).json().code).toBe('nonce_invalid');
  });

  it('refuses an expired and a not yet valid certificate by the server clock', async () => {
    const saved = t.clock.now();
    t.clock.set(new Date(saved.getTime() + 2 * YEAR_MS));
    expect((await signIn(new TestClient(t.app), parent.auth)).json().code).toBe('cert_expired');
    t.clock.set(new Date('2025-06-01T00:00:00Z'));
    expect((await signIn(new TestClient(t.app), parent.auth)).json().code).toBe(
      'cert_not_yet_valid',
    );
    t.clock.set(saved);
  });
});

describe('the real national CA test keys', () => {
  const realKey = async (file: string) =>
    openP12(new Uint8Array(await readFile(nca(file))), 'Qwerty12');

  it('signs in with the real AUTH key inside its validity, and is refused as cert_expired today', async () => {
    const auth = await realKey('AUTH_RSA256_test_individual.p12');
    const saved = t.clock.now();
    t.clock.set(new Date('2019-01-01T06:00:00Z'));
    const response = await signIn(new TestClient(t.app), auth);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ iin: '123456789011', roles: ['applicant'] });
    t.clock.set(new Date('2026-11-23T06:00:00Z'));
    expect((await signIn(new TestClient(t.app), auth)).json().code).toBe('cert_expired');
    t.clock.set(saved);
  });

  it('signs an action with the real SIGN key inside its validity, and is refused as cert_expired today', async () => {
    const auth = await realKey('AUTH_RSA256_test_individual.p12');
    const sign = await realKey('RSA256_test_individual.p12');
    const saved = t.clock.now();
    t.clock.set(new Date('2019-01-01T06:00:00Z'));
    const client = await signedInClient(auth);
    const response = await signedEcho(client, sign);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ text: 'сәлем', signer: '123456789011' });
    t.clock.set(new Date('2026-11-23T06:00:00Z'));
    expect((await signedEcho(client, sign)).json().code).toBe('cert_expired');
    t.clock.set(saved);
  });
});

describe('signed actions', () => {
  it('acts on the signed fields of a good signature', async () => {
    const client = await signedInClient(parent.auth);
    const response = await signedEcho(client, parent.sign);
    expect(response.json()).toEqual({ text: 'сәлем', signer: parentPerson.iin });
  });

  it.each([
    ['the AUTH key', () => parent.auth, {}, 'wrong_key_type', 401],
    ['another person’s SIGN key', () => otherParent.sign, {}, 'iin_mismatch', 403],
    [
      'another action',
      () => parent.sign,
      { action: 'application.withdraw' },
      'action_mismatch',
      400,
    ],
    ['a nonce never issued', () => parent.sign, { nonce: 'made-up' }, 'nonce_invalid', 401],
    [
      'a field that breaks the action’s schema',
      () => parent.sign,
      { text: 'x'.repeat(51) },
      'validation_failed',
      400,
    ],
  ])('refuses a signature with %s', async (_case, key, fields, code, status) => {
    const client = await signedInClient(parent.auth);
    const response = await signedEcho(client, key(), fields);
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('refuses tampered content as bad_signature', async () => {
    const client = await signedInClient(parent.auth);
    const content = JSON.stringify({
      action: 'test.echo',
      nonce: await nonceFor(client),
      text: 'aaaa',
    });
    const der = Buffer.from(signCms(utf8(content), parent.sign, { includeChain: true }));
    const at = der.indexOf(Buffer.from('aaaa'));
    der.write('bbbb', at);
    const response = await client.post('/api/test-only/echo', { cms: der.toString('base64') });
    expect(response.json().code).toBe('bad_signature');
  });

  it('takes one signed request at a time per session: the second is told to wait, the nonce stays single-use', async () => {
    const client = await signedInClient(parent.auth);
    const sign = async (text: string) => {
      const content = JSON.stringify({ action: 'test.echo', nonce: await nonceFor(client), text });
      return base64(signCms(utf8(content), parent.sign, { includeChain: true }));
    };
    const [held, second] = [await sign('hold'), await sign('second')];
    gateHeld = deferred();
    const first = client.post('/api/test-only/echo', { cms: held });
    await expect.poll(() => t.app.signing.inFlight.size).toBe(1);
    const waiting = await client.post('/api/test-only/echo', { cms: second });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().code).toBe('request_in_flight');
    expect(waiting.headers['retry-after']).toBe('1');
    gateHeld.resolve();
    expect((await first).statusCode).toBe(200);
    // Told to wait, the second request used nothing: sent again, it goes through.
    expect((await client.post('/api/test-only/echo', { cms: second })).statusCode).toBe(200);
    const again = await client.post('/api/test-only/echo', { cms: held });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('nonce_reused');
  });

  it('lets exactly one of two sessions racing with one used nonce through (any instance: the primary key)', async () => {
    const nonce = 'race-of-one-nonce';
    const expiresAt = new Date(t.clock.now().getTime() + 60_000);
    const results = await Promise.allSettled([
      useNonce(t.database.db, nonce, expiresAt),
      useNonce(t.database.db, nonce, expiresAt),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 401, code: 'nonce_reused' });
  });

  it('refuses a target the caller may not reach before verifying anything, and keeps the nonce', async () => {
    const client = await signedInClient(parent.auth);
    const nonce = await nonceFor(client);
    const content = JSON.stringify({ action: 'test.echo', nonce, text: 'NOT-yours' });
    // Tampered after signing: a signature that would fail, were it verified.
    const der = Buffer.from(signCms(utf8(content), parent.sign, { includeChain: true }));
    der.write('not-yours', der.indexOf(Buffer.from('NOT-yours')));
    const refused = await client.post('/api/test-only/echo', { cms: der.toString('base64') });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('not_found');
    // Nothing was used up: the same nonce signs the next request.
    const signed = JSON.stringify({ action: 'test.echo', nonce, text: 'mine' });
    const accepted = await client.post('/api/test-only/echo', {
      cms: base64(signCms(utf8(signed), parent.sign, { includeChain: true })),
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('limits the signed requests of one person, counted before anything else is looked at', async () => {
    const person = await issuePersonKeys(ca, {
      iin: '880101301207',
      surname: 'ЛИМИТОВ',
      givenName: 'ТЕСТ',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2028-01-01T00:00:00Z'),
    });
    const client = await signedInClient(person.auth);
    const content = JSON.stringify({
      action: 'test.echo',
      nonce: await nonceFor(client),
      text: 'not-yours',
    });
    const cms = base64(signCms(utf8(content), person.sign, { includeChain: true }));
    for (let i = 0; i < LIMITS.signedAction.perPerson; i += 1) {
      expect((await client.post('/api/test-only/echo', { cms })).statusCode).toBe(404);
    }
    const limited = await client.post('/api/test-only/echo', { cms });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses another session’s nonce and an expired one before verifying anything', async () => {
    const owner = await signedInClient(parent.auth);
    const thief = await signedInClient(parent.auth);
    const stolen = await nonceFor(owner);
    const sign = (nonce: string) =>
      base64(
        signCms(utf8(JSON.stringify({ action: 'test.echo', nonce, text: 'x' })), parent.sign, {
          includeChain: true,
        }),
      );
    const other = await thief.post('/api/test-only/echo', { cms: sign(stolen) });
    expect(other.json().code).toBe('nonce_invalid');
    const late = await nonceFor(owner);
    t.clock.advance(11 * 60_000);
    try {
      const expired = await owner.post('/api/test-only/echo', { cms: sign(late) });
      expect(expired.json().code).toBe('nonce_invalid');
    } finally {
      t.clock.advance(-11 * 60_000);
    }
  });

  it('refuses an unsigned-in caller before looking at the signature', async () => {
    const response = await new TestClient(t.app).post('/api/test-only/echo', {
      cms: 'AAAAAAAAAAAAAAAAAAAA',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('not_signed_in');
  });
});

describe('GOST keys (the national CA issues them beside the RSA keys)', () => {
  afterEach(() => vi.restoreAllMocks());

  const TITLES = {
    en: PROBLEM_TITLES.en.translation.unsupported_algorithm,
    ru: PROBLEM_TITLES.ru.translation.unsupported_algorithm,
    kk: PROBLEM_TITLES.kk.translation.unsupported_algorithm,
  };

  it('the problem’s title tells the person to use the RSA key, in kk, ru and en', () => {
    expect(TITLES.en).toMatch(/^GOST keys are not accepted: use your RSA key/);
    expect(TITLES.ru).toMatch(/^Ключи ГОСТ не принимаются: используйте ключ RSA/);
    expect(TITLES.kk).toMatch(/^ГОСТ кілттері қабылданбайды: RSA кілтін пайдаланыңыз/);
  });

  it.each([
    ['en', 'nca2015'],
    ['ru', 'nca2004'],
    ['kk', 'russian2012'],
  ] as const)(
    'refuses a %s sign-in with a %s GOST key as 400 unsupported_algorithm before chain and revocation, and keeps the nonce',
    async (language, profile) => {
      const chains = vi.spyOn(ChainCache.prototype, 'check');
      const client = new TestClient(t.app);
      client.language = language;
      const nonce = await nonceFor(client);
      // A revoked person: had its chain and CRL been looked at, it would be cert_revoked.
      const response = await client.post('/api/auth/eds', {
        cms: base64(gostCms(utf8(nonce), revoked.auth, profile)),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'unsupported_algorithm',
        title: TITLES[language],
      });
      expect(chains).not.toHaveBeenCalled();
      // Refused before the nonce was used: the RSA key signs in with it.
      expect((await signIn(client, parent.auth, nonce)).statusCode).toBe(200);
    },
  );

  it.each([
    ['a GOST certificate', { digest: false, signature: false }],
    ['GOST algorithms with the RSA certificate', { certificate: false }],
  ])(
    'refuses a signed action with %s as 400 unsupported_algorithm before chain and revocation, and keeps the nonce',
    async (_case, parts) => {
      const client = await signedInClient(parent.auth);
      client.language = 'ru';
      const chains = vi.spyOn(ChainCache.prototype, 'check');
      const nonce = await nonceFor(client);
      const content = utf8(JSON.stringify({ action: 'test.echo', nonce, text: 'ГОСТ' }));
      const response = await client.post('/api/test-only/echo', {
        cms: base64(gostCms(content, parent.sign, 'nca2015', parts)),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'unsupported_algorithm', title: TITLES.ru });
      expect(chains).not.toHaveBeenCalled();
      const signed = signCms(content, parent.sign, { includeChain: true });
      const accepted = await client.post('/api/test-only/echo', { cms: base64(signed) });
      expect(accepted.json()).toEqual({ text: 'ГОСТ', signer: parentPerson.iin });
    },
  );
});
