/**
 * Revocation that stays fresh (issue 16, item 8): a local HTTP server is the CA's CRL
 * distribution point and its OCSP responder (OpenSSL's `ocsp` command answers each request);
 * time is the injected clock, never a sleep.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../clock.ts';
import { startTestApp, TestClient } from '../testing/harness.ts';
import { TEST_START } from '../testing/templates.ts';
import { base64, nonceFor, utf8 } from '../testing/eds.ts';
import {
  createCrl,
  createTestCa,
  issueOcspResponder,
  issuePersonKey,
  signCms,
  type IssuedKey,
  type TestCa,
  type TestIdentity,
} from './test-ca/index.ts';
import { Revocation, type RevocationSettings } from './revocation.ts';
import { createTrustStore } from './trust.ts';
import { ChainCache, SignatureError, verifyCms } from './verify.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-06-01T00:00:00Z');
const PERSON = { iin: '900101300123', surname: 'ИВАНОВ', givenName: 'АЙДАР' };
const content = new TextEncoder().encode('{"action":"test","nonce":"n"}');

/** What the local server answers: the CRLs by path, the OCSP signer, and which is down. */
const served: {
  crls: Map<string, Uint8Array>;
  down: Set<string>;
  hits: Map<string, number>;
  ocspSigner: 'delegated' | 'ca' | 'stranger';
} = { crls: new Map(), down: new Set(), hits: new Map(), ocspSigner: 'delegated' };

let server: Server;
let base: string;
let dir: string;
let ca: TestCa;
let stranger: TestCa;
let responder: TestIdentity;
let good: IssuedKey;
let revoked: IssuedKey;
let ocspGood: IssuedKey;
let ocspRevoked: IssuedKey;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The OCSP answer of OpenSSL for a DER request, by the index of the certificates it knows. */
function opensslOcsp(request: Buffer): Buffer {
  const signer =
    served.ocspSigner === 'delegated'
      ? responder
      : served.ocspSigner === 'ca'
        ? ca.intermediate
        : stranger.intermediate;
  const requestFile = join(dir, 'request.der');
  const responseFile = join(dir, 'response.der');
  writeFileSync(requestFile, request);
  execFileSync('openssl', [
    'ocsp',
    '-index',
    join(dir, 'index.txt'),
    '-CA',
    join(dir, 'nca.pem'),
    '-rsigner',
    write('rsigner.pem', signer.certificatePem),
    '-rkey',
    write('rsigner.key', signer.privateKeyPem),
    '-reqin',
    requestFile,
    '-respout',
    responseFile,
    '-ndays',
    '1',
  ]);
  return readFileSync(responseFile);
}

async function startServer(): Promise<void> {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    served.hits.set(path, (served.hits.get(path) ?? 0) + 1);
    if (served.down.has(path)) {
      response.writeHead(503).end();
      return;
    }
    if (path === '/ocsp' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const answer = opensslOcsp(Buffer.concat(chunks));
        response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(answer);
      });
      return;
    }
    const crl = served.crls.get(path);
    if (!crl) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(crl);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kezek-revocation-'));
  await startServer();
  [ca, stranger] = await Promise.all([createTestCa(), createTestCa({ label: 'STRANGER' })]);
  responder = await issueOcspResponder(ca);
  const withCdp = { ...PERSON, crlUrls: [`${base}/nca.crl`] };
  const withOcsp = { ...PERSON, ocspUrls: [`${base}/ocsp`] };
  [good, revoked, ocspGood, ocspRevoked] = await Promise.all([
    issuePersonKey(ca, 'sign', withCdp),
    issuePersonKey(ca, 'sign', { ...withCdp, iin: '850505400456' }),
    issuePersonKey(ca, 'sign', withOcsp),
    issuePersonKey(ca, 'sign', { ...withOcsp, iin: '850505400456' }),
  ]);
  write('nca.pem', ca.intermediate.certificatePem);
  const line = (status: string, key: IssuedKey, revokedAt = '') =>
    `${status}\t491231235959Z\t${revokedAt}\t${key.serialNumberHex.toUpperCase()}\tunknown\t/CN=x\n`;
  write('index.txt', line('V', ocspGood) + line('R', ocspRevoked, '260101000000Z'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  served.crls.clear();
  served.down.clear();
  served.hits.clear();
  served.ocspSigner = 'delegated';
});

const trust = () =>
  createTrustStore({ certificates: [ca.root.certificatePem, ca.intermediate.certificatePem] });

function revocationAt(clock: AdjustableClock, settings: RevocationSettings = {}) {
  return new Revocation(trust(), clock, settings);
}

/** The answer of a full verification (a new chain cache: no verdict kept). */
async function codeOf(revocation: Revocation, key: IssuedKey, clock: AdjustableClock) {
  try {
    await verifyCms(signCms(content, key), {
      trust: revocation.trust,
      at: clock.now(),
      keyType: 'sign',
      chains: new ChainCache(),
    });
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

async function serveCrl(
  path: string,
  revokedKeys: IssuedKey[],
  from: Date,
  validMs: number,
  extra: { crlNumber?: number; deltaBase?: number; by?: TestCa } = {},
) {
  const crl = await createCrl(
    extra.by ?? ca,
    revokedKeys.map((key) => key.serialNumberHex),
    {
      thisUpdate: from,
      nextUpdate: new Date(from.getTime() + validMs),
      ...(extra.crlNumber !== undefined && { crlNumber: extra.crlNumber }),
      ...(extra.deltaBase !== undefined && { deltaBase: extra.deltaBase }),
    },
  );
  served.crls.set(path, crl.der);
}

describe('CRLs from the distribution points', () => {
  it('refreshes the CRL from its distribution point on schedule before it expires, and signatures keep verifying', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock);
    await serveCrl('/nca.crl', [], new Date(T0.getTime() - HOUR), DAY);
    // No CRL held yet: the certificate's distribution point is fetched once, at once.
    expect(await codeOf(revocation, good, clock)).toBe('ok');
    expect(served.hits.get('/nca.crl')).toBe(1);
    expect(await codeOf(revocation, good, clock)).toBe('ok');
    expect(served.hits.get('/nca.crl')).toBe(1); // held and fresh: no network

    // The scheduled refresh (each minute, what is due): an hour after the last fetch
    // (KEZEK_CRL_REFRESH_MINUTES=60) it takes the CA's new CRL.
    clock.advance(HOUR / 2);
    expect(await revocation.refreshDue()).toEqual({ fetched: 0, failed: 0 });
    await serveCrl('/nca.crl', [], new Date(T0.getTime() + HOUR / 2), DAY);
    clock.advance(HOUR / 2);
    expect(await revocation.refreshDue()).toEqual({ fetched: 1, failed: 0 });

    // Past the first CRL's nextUpdate: the refreshed one answers, without a fetch.
    clock.set(new Date(T0.getTime() + DAY - HOUR / 2));
    expect(await codeOf(revocation, good, clock)).toBe('ok');
    expect(served.hits.get('/nca.crl')).toBe(2);
    expect(revocation.health()).toMatchObject({
      issuers: expect.arrayContaining([
        // an hour left of the held CRL: within the 6 hours of KEZEK_REVOCATION_WARN_HOURS
        expect.objectContaining({ ca: 'KEZEK TEST NCA (RSA)', state: 'expiring' }),
      ]),
      counters: { crlFetches: { ok: 2, failed: 0 } },
    });
  });

  it('refuses a certificate that the refreshed CRL lists (cert_revoked)', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock);
    await serveCrl('/nca.crl', [], new Date(T0.getTime() - HOUR), DAY);
    expect(await codeOf(revocation, revoked, clock)).toBe('ok');
    await serveCrl('/nca.crl', [revoked], T0, DAY);
    clock.advance(HOUR); // KEZEK_CRL_REFRESH_MINUTES=60
    expect(await revocation.refreshDue()).toEqual({ fetched: 1, failed: 0 });
    expect(await codeOf(revocation, revoked, clock)).toMatch(
      /^cert_revoked: .*CRL of "KEZEK TEST NCA/,
    );
    expect(await codeOf(revocation, good, clock)).toBe('ok');
  });

  it('fails closed with revocation_unknown when the CRL is past nextUpdate and its distribution point is down', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock);
    await serveCrl('/nca.crl', [], new Date(T0.getTime() - HOUR), DAY);
    expect(await codeOf(revocation, good, clock)).toBe('ok');
    served.down.add('/nca.crl');
    clock.set(new Date(T0.getTime() + DAY + HOUR));
    const code = await codeOf(revocation, good, clock);
    expect(code).toMatch(/^revocation_unknown: /);
    expect(code).toContain('out of date (nextUpdate 2026-06-01T23:00:00.000Z)');
    expect(code).toContain('HTTP 503');
    // Within a minute of the failed attempt the distribution point is not asked again.
    const hits = served.hits.get('/nca.crl');
    expect(await codeOf(revocation, good, clock)).toMatch(/^revocation_unknown: /);
    expect(served.hits.get('/nca.crl')).toBe(hits);
    const health = revocation.health();
    expect(health.issuers).toContainEqual(
      expect.objectContaining({ ca: 'KEZEK TEST NCA (RSA)', state: 'stale' }),
    );
    expect(health.warnings).toEqual(
      expect.arrayContaining([
        'the CRL of "KEZEK TEST NCA (RSA)" is out of date since 2026-06-01T23:00:00.000Z',
        `CRL from ${base}/nca.crl: HTTP 503`,
      ]),
    );
    expect(health.counters.verifications.unknown).toBe(2);
    // The distribution point back: the next request after a minute takes the new CRL.
    served.down.clear();
    await serveCrl('/nca.crl', [], new Date(T0.getTime() + DAY), DAY);
    clock.advance(60_000);
    expect(await codeOf(revocation, good, clock)).toBe('ok');
  });

  it('takes a delta CRL from the freshest-CRL point together with its base', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock);
    const points = {
      crlUrls: [`${base}/nca.crl`],
      deltaCrlUrls: [`${base}/nca-delta.crl`],
    };
    const [deltaGood, deltaRevoked] = await Promise.all([
      issuePersonKey(ca, 'sign', { ...PERSON, ...points }),
      issuePersonKey(ca, 'sign', { ...PERSON, ...points, iin: '850505400456' }),
    ]);
    await serveCrl('/nca.crl', [], new Date(T0.getTime() - 7 * DAY), 7 * DAY + HOUR, {
      crlNumber: 5,
    });
    await serveCrl('/nca-delta.crl', [deltaRevoked], new Date(T0.getTime() - HOUR), DAY, {
      crlNumber: 6,
      deltaBase: 5,
    });
    expect(await codeOf(revocation, deltaRevoked, clock)).toMatch(/^cert_revoked: /);
    expect(served.hits.get('/nca-delta.crl')).toBe(1);
    // The base is past its nextUpdate; the delta that rests on it still vouches.
    clock.advance(2 * HOUR);
    expect(await codeOf(revocation, deltaGood, clock)).toBe('ok');
    // A delta alone (its base of another number) vouches for nothing.
    await serveCrl('/nca-delta.crl', [], new Date(T0.getTime() + HOUR), DAY, {
      crlNumber: 8,
      deltaBase: 7,
    });
    clock.advance(HOUR);
    expect(await revocation.refreshDue()).toEqual({ fetched: 2, failed: 0 });
    expect(await codeOf(revocation, deltaGood, clock)).toMatch(/^revocation_unknown: /);
  });

  it('does not take a CRL from the distribution point that its CA did not sign', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock);
    const impostor = await createTestCa(); // the same names, other keys
    await serveCrl('/nca.crl', [], new Date(T0.getTime() - HOUR), DAY, { by: impostor });
    expect(await codeOf(revocation, good, clock)).toMatch(
      /^revocation_unknown: .*signature does not verify with its CA's key/,
    );
  });

  it('fetches the configured CRL URLs, and warns in health before the CRL expires', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock, { crlUrls: [`${base}/extra.crl`], warnMs: 6 * HOUR });
    await serveCrl('/extra.crl', [], new Date(T0.getTime() - HOUR), 10 * HOUR);
    expect(await revocation.refreshDue()).toEqual({ fetched: 1, failed: 0 });
    expect(revocation.health().warnings).toEqual([]);
    clock.set(new Date(T0.getTime() + 4 * HOUR)); // 5 hours left
    const health = revocation.health();
    expect(health.warnings).toEqual([
      'the CRL of "KEZEK TEST NCA (RSA)" expires at 2026-06-01T09:00:00.000Z',
    ]);
    expect(health.issuers).toContainEqual({
      ca: 'KEZEK TEST NCA (RSA)',
      state: 'expiring',
      nextUpdate: '2026-06-01T09:00:00.000Z',
      secondsLeft: 5 * 3600,
    });
    expect(health.secondsUntilOldestExpiry).toBe(5 * 3600);
  });

  it('accepts a CA without any CRL and whose certificates name none, as before', async () => {
    const clock = new AdjustableClock(T0);
    const revocation = revocationAt(clock, { ocsp: 'aia' });
    const plain = await issuePersonKey(ca, 'sign', PERSON);
    expect(await codeOf(revocation, plain, clock)).toBe('ok');
    expect(revocation.health()).toMatchObject({ warnings: [], secondsUntilOldestExpiry: null });
    expect(revocation.health().counters.verifications.unchecked).toBe(2);
  });
});

describe('OCSP', () => {
  // OpenSSL stamps its answers with the real time: this clock is the real one.
  it('asks the responder when no fresh CRL is held: good, kept until its nextUpdate', async () => {
    const clock = new AdjustableClock();
    const revocation = revocationAt(clock, { ocsp: 'aia' });
    expect(await codeOf(revocation, ocspGood, clock)).toBe('ok');
    expect(await codeOf(revocation, ocspGood, clock)).toBe('ok');
    expect(served.hits.get('/ocsp')).toBe(1);
    expect(revocation.health().counters).toMatchObject({
      ocspRequests: { ok: 1, failed: 0 },
      verifications: { ocsp: 2 },
    });
  });

  it('refuses a certificate the responder says is revoked (cert_revoked)', async () => {
    const clock = new AdjustableClock();
    const revocation = revocationAt(clock, { ocsp: `${base}/ocsp` });
    expect(await codeOf(revocation, ocspRevoked, clock)).toMatch(/^cert_revoked: .*OCSP of "KEZEK/);
  });

  it('takes an answer signed by the CA itself, not one signed by another CA', async () => {
    const clock = new AdjustableClock();
    served.ocspSigner = 'ca';
    expect(await codeOf(revocationAt(clock, { ocsp: 'aia' }), ocspGood, clock)).toBe('ok');
    served.ocspSigner = 'stranger';
    expect(await codeOf(revocationAt(clock, { ocsp: 'aia' }), ocspGood, clock)).toMatch(
      /^revocation_unknown: .*not signed by the CA or a responder it authorised/,
    );
  });

  it('fails closed with revocation_unknown when the responder cannot be reached', async () => {
    const clock = new AdjustableClock();
    served.down.add('/ocsp');
    const revocation = revocationAt(clock, { ocsp: 'aia' });
    expect(await codeOf(revocation, ocspGood, clock)).toMatch(
      new RegExp(`^revocation_unknown: .*OCSP responder ${base}/ocsp: HTTP 503`),
    );
    const unreachable = revocationAt(clock, { ocsp: 'http://127.0.0.1:9/ocsp', timeoutMs: 2000 });
    expect(await codeOf(unreachable, ocspGood, clock)).toMatch(/^revocation_unknown: /);
    expect(revocation.health().warnings[0]).toMatch(/^OCSP responder .*: HTTP 503/);
  });
});

describe('the server', () => {
  it('says in /api/health how fresh the CRLs are, and refuses a signature with 401 revocation_unknown once they are not', async () => {
    const trustFile = write('trust.pem', ca.root.certificatePem + ca.intermediate.certificatePem);
    await serveCrl('/app.crl', [], new Date(TEST_START.getTime() - HOUR), 5 * HOUR);
    const t = await startTestApp({
      KEZEK_TRUSTED_CAS: trustFile,
      KEZEK_CRL_URLS: `${base}/app.crl`,
    });
    try {
      expect(await t.app.revocation.refreshDue()).toEqual({ fetched: 1, failed: 0 });
      const client = new TestClient(t.app);
      const health = (await client.get('/api/health')).json();
      expect(health).toMatchObject({ status: 'ok', revocation: { ocsp: 'off' } });
      expect(health.revocation.sources).toEqual([
        expect.objectContaining({ url: `${base}/app.crl`, origin: 'configured', error: null }),
      ]);
      expect(health.revocation.warnings).toEqual([
        `the CRL of "KEZEK TEST NCA (RSA)" expires at ${new Date(TEST_START.getTime() + 4 * HOUR).toISOString()}`,
      ]);
      const key = await issuePersonKey(ca, 'auth', PERSON);
      const signIn = async () =>
        client.post('/api/auth/eds', {
          cms: base64(signCms(utf8(await nonceFor(client)), key, { includeChain: true })),
        });
      expect((await client.get('/api/health/ready')).statusCode).toBe(200);
      const first = await signIn();
      expect(`${first.statusCode} ${String(first.json().code)}`).toBe('200 undefined');

      served.down.add('/app.crl');
      t.clock.advance(5 * HOUR);
      client.language = 'ru';
      const refused = await signIn();
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({
        code: 'revocation_unknown',
        title: 'Сейчас нельзя проверить, не отозван ли сертификат; повторите позже',
      });
      const after = (await client.get('/api/health')).json();
      expect(after.revocation.issuers).toContainEqual(
        expect.objectContaining({ ca: 'KEZEK TEST NCA (RSA)', state: 'stale' }),
      );
      expect(after.revocation.counters.verifications.unknown).toBe(1);
      expect(after.revocation.counters.crlFetches).toEqual({ ok: 1, failed: 1 });
      expect(after.revocation.counters.signatures).toEqual({ valid: 1, revocation_unknown: 1 });
      // Stale CRLs take the instance out of readiness, with the CA named.
      const ready = await client.get('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'not_ready',
        checks: { database: 'ok', migrations: 'ok', crls: 'KEZEK TEST NCA (RSA): stale' },
      });
    } finally {
      await t.close();
    }
  });
});
