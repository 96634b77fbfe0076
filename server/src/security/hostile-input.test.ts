import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedBodySchema } from '@kezek/contracts';
import { readPdf } from '../documents/pdf-text.test-helper.ts';
import { verifyCms } from '../signature/verify.ts';
import { gostCms } from '../signature/test-ca/gost.ts';
import { mailOptions } from '../notify/transports.ts';
import {
  createCrl,
  createTestCa,
  issuePersonKeys,
  signCms,
  type CmsSigner,
  type PersonKeys,
} from '../signature/test-ca/index.ts';
import { base64, nonceFor, signedBody, tampered, utf8 } from '../testing/eds.ts';
import type { TestClient } from '../testing/harness.ts';
import { expectInvariants } from '../testing/invariants.ts';
import { rowCounts } from '../testing/rows.ts';
import {
  ROLES,
  WORLD_PEOPLE,
  buildWorld,
  freshAddress,
  register,
  type Role,
  type World,
} from '../testing/world.ts';
import { MATRIX, statusOf } from './matrix.ts';
import { apiRoutes, multipartFile, TINY_PNG } from './routes.ts';

/**
 * Hostile input over every endpoint: each gets its documented 4xx code and nothing is stored
 * (the row counts of every table are the same before and after).
 */

let w: World;
let faulty: Record<'expired' | 'notYetValid' | 'revoked' | 'untrusted', PersonKeys>;
/** Parent A's application with no direction yet: the one the choice route's faults are tried on. */
let choosableA: string;

beforeAll(async () => {
  const person = (ca: Parameters<typeof issuePersonKeys>[0], from: string, to: string) =>
    issuePersonKeys(ca, {
      iin: WORLD_PEOPLE.A.iin,
      surname: 'ИВАНОВА',
      givenName: 'ОЛЬГА',
      notBefore: new Date(from),
      notAfter: new Date(to),
    });
  w = await buildWorld(async (ca) => {
    const otherCa = await createTestCa({ label: 'UNTRUSTED' });
    faulty = {
      expired: await person(ca, '2020-01-01', '2025-12-31'),
      notYetValid: await person(ca, '2026-06-01', '2030-01-01'),
      revoked: await person(ca, '2020-01-01', '2040-01-01'),
      untrusted: await person(otherCa, '2020-01-01', '2040-01-01'),
    };
    const crl = await createCrl(
      ca,
      [faulty.revoked.auth.serialNumberHex, faulty.revoked.sign.serialNumberHex],
      { thisUpdate: new Date('2026-01-01'), nextUpdate: new Date('2027-01-01') },
    );
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'kezek-crl-')), 'ca.crl');
    await writeFile(file, crl.der);
    return { KEZEK_CRLS: file };
  });
  choosableA = await w.freshApplication('A');
});
afterAll(async () => {
  await expectInvariants(w.t.database.db);
  await w.t.close();
});

/** The role that passes a route's guards (from the matrix): its input is the only thing wrong. */
function allowedRole(key: string) {
  const entry = MATRIX[key]!;
  return (
    ROLES.find(
      (role) => role !== 'anonymous' && ![401, 403].includes(statusOf(entry.expect[role])),
    ) ?? 'anonymous'
  );
}

/** Rows of the business: a nonce or a session handed out before the request is no stored input. */
async function businessRows() {
  const {
    used_nonces: _usedNonces,
    sessions: _sessions,
    ...rows
  } = await rowCounts(w.t.database.db);
  return rows;
}

async function expectRefused(
  send: () => Promise<{ statusCode: number; json(): { code: string } }>,
  status: number,
  code: string,
) {
  const before = await businessRows();
  const response = await send();
  expect(`${response.statusCode} ${response.json().code}`).toBe(`${status} ${code}`);
  expect(await businessRows()).toEqual(before);
}

const concrete = (url: string) =>
  url.replace(':id', '1').replace(':date', '2030-01-01').replace(':iin', WORLD_PEOPLE.childA.iin);

describe('malformed bodies on every route that takes JSON', () => {
  const bodyRoutes = () =>
    apiRoutes(w.t.routes).filter((r) => r.route.schema?.body && !r.key.includes('/api/test/'));
  const send = (key: string, payload: string | Buffer) => {
    const client = w.clients[allowedRole(key)];
    return client.request({
      method: key.split(' ')[0] as 'POST',
      url: concrete(key.split(' ')[1]!),
      payload,
      headers: { 'content-type': 'application/json' },
    });
  };

  it('finds the routes', () => expect(bodyRoutes().length).toBeGreaterThan(15));

  it.each([
    ['cut-off JSON', '{"iin": "79102', 400, 'invalid_json'],
    ['a prototype-poisoning key', '{"__proto__": {"roles": ["admin"]}}', 400, 'invalid_json'],
    ['an array', '[]', 400, 'validation_failed'],
    ['a number', '42', 400, 'validation_failed'],
    ['a string', '"admin"', 400, 'validation_failed'],
    ['null', 'null', 400, 'validation_failed'],
    ['a 2 MB body', `{"cms": "${'A'.repeat(2 * 1024 * 1024)}"}`, 413, 'payload_too_large'],
  ])('refuses %s', async (_case, payload, status, code) => {
    for (const { key } of bodyRoutes()) {
      await expectRefused(() => send(key, payload), status, code).catch((error: Error) => {
        throw new Error(`${key}: ${error.message}`);
      });
    }
  });
});

/** The body with one value replaced by one of another type, for every value in it. */
function wrongTypes(body: unknown, path: string[] = []): { path: string; body: unknown }[] {
  const wrong = (value: unknown): unknown =>
    typeof value === 'string'
      ? 12345
      : typeof value === 'number'
        ? 'x'
        : typeof value === 'boolean'
          ? 'yes'
          : Array.isArray(value)
            ? { not: 'a list' }
            : value === null
              ? 7
              : 'x';
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) => {
    const here = [...path, key];
    const replaced = { path: here.join('.'), body: setAt(body, key, wrong(value)) };
    const inner = wrongTypes(value, here).map((m) => ({
      path: m.path,
      body: setAt(body, key, m.body),
    }));
    return [replaced, ...inner];
  });
}
const setAt = (body: object, key: string, value: unknown) =>
  Array.isArray(body)
    ? body.map((v, i) => (String(i) === key ? value : v))
    : { ...body, [key]: value };

describe('values of the wrong type', () => {
  it('are 400 validation_failed naming the field, for every value of every route’s body', async () => {
    const answers: string[] = [];
    for (const { key } of apiRoutes(w.t.routes).filter((r) => r.route.schema?.body)) {
      const role = allowedRole(key);
      const client = w.clients[role];
      const call = await MATRIX[key]!.call(w, { role, client, keys: w.keysOf(role) });
      for (const mutation of wrongTypes(call.body)) {
        const before = await businessRows();
        const response = await client.request({
          method: key.split(' ')[0] as 'POST',
          url: call.url,
          payload: mutation.body as object,
        });
        const problem = response.json();
        const named = problem.errors?.some((e: { path: string }) =>
          mutation.path.startsWith(e.path),
        );
        answers.push(
          `${key} ${mutation.path}: ${response.statusCode} ${problem.code}${named ? '' : ' (field not named)'}`,
        );
        expect(await businessRows()).toEqual(before);
      }
    }
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => !a.endsWith(': 400 validation_failed'))).toEqual([]);
  });
});

describe('hostile path parameters and query strings', () => {
  const paramValues = [
    "1' or '1'='1",
    '-1',
    '9'.repeat(25),
    '1;drop table applications',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '<script>',
  ];

  it('answers 400, 404 or 422 on every route with a parameter, never 5xx, storing nothing', async () => {
    const answers: string[] = [];
    for (const { key, url } of apiRoutes(w.t.routes).filter((r) => r.url.includes(':'))) {
      const client = w.clients[allowedRole(key)];
      for (const value of paramValues) {
        const target = url.replace(/:[a-z]+/i, encodeURIComponent(value)).replace(/:[a-z]+/i, 'x');
        const before = await rowCounts(w.t.database.db);
        const response = await client.request({
          method: key.split(' ')[0] as 'GET',
          url: target,
          ...(key.startsWith('GET') || key.startsWith('DELETE') ? {} : { payload: {} }),
        });
        answers.push(`${key} ${value} → ${response.statusCode} ${response.json().code}`);
        expect(await rowCounts(w.t.database.db)).toEqual(before);
      }
    }
    expect(answers.filter((a) => !/→ (400|404|422) [a-z_]+$/.test(a))).toEqual([]);
  });

  it.each([
    ['/api/places?limit=abc', 'validation_failed'],
    ['/api/places?limit=100000', 'validation_failed'],
    [`/api/places?cursor=${'9'.repeat(30)}`, 'validation_failed'],
    ['/api/places?groupYear=2021%20or%201=1', 'validation_failed'],
    ['/api/places?state=all', 'validation_failed'],
    [
      `/api/admin/staff?cursor=${Buffer.from(JSON.stringify(['a', 1e30])).toString('base64url')}`,
      'validation_failed',
    ],
    ['/api/admin/staff?cursor=not-base64-json', 'validation_failed'],
    [`/api/admin/staff?q=${'x'.repeat(101)}`, 'validation_failed'],
    ['/api/admin/calendar?year=1e9', 'validation_failed'],
    ['/api/kindergartens?districtId=1;select', 'validation_failed'],
  ])('refuses the query %s', async (url, code) => {
    await expectRefused(() => w.clients.admin.get(url), 400, code);
  });
});

describe('invalid IINs', () => {
  const invalid = ['791028302729', '79102830272', '7910283027280', '79102830272a', '000000000000'];
  const fields: [
    string,
    (iin: string) => Promise<{ statusCode: number; json(): { code: string } }>,
  ][] = [
    [
      'password sign-in',
      (iin) => w.clients.anonymous.post('/api/auth/password', { iin, password: 'x' }),
    ],
    ['the registry lookup', (iin) => w.A.client.get(`/api/persons/${iin}`)],
    [
      'a new staff account',
      (iin) =>
        w.clients.admin.post('/api/admin/staff', {
          iin,
          fullName: 'Someone',
          password: 'long-enough-password',
          role: 'admin',
        }),
    ],
    [
      'a kindergarten owner',
      (iin) =>
        w.clients.admin.patch(`/api/admin/kindergartens/${w.kindergartenY}`, { ownerIin: iin }),
    ],
    [
      'the signed child of a registration',
      async (iin) => register(w.A.client, w.A.keys, w.districtP, iin),
    ],
    [
      'the signed child of an attachment',
      async (iin) =>
        w.A.client.post(
          '/api/applications/attach',
          await signedBody(freshAddress(w.A.client), w.A.keys.sign, 'application.attach', {
            childIin: iin,
          }),
        ),
    ],
  ];
  it.each(fields)('are 422 invalid_iin in %s', async (_field, send) => {
    for (const iin of invalid) await expectRefused(() => send(iin), 422, 'invalid_iin');
  });
});

/**
 * Every route that acts on a signed body (EDS sign-in has its own tests), and what it signs; the
 * staff's and the officers' routes are called by a `signer` of that role (applicant A otherwise).
 */
const SIGNED: Record<
  string,
  (w: World) => { url: string; action: string; fields: object; signer?: Role }
> = {
  'POST /api/applications': (w) => ({
    url: '/api/applications',
    action: 'application.create',
    fields: {
      districtId: w.districtP,
      applicant: { email: 'a@example.kz', phone: '+77011234567' },
      child: { iin: WORLD_PEOPLE.childA.iin },
    },
  }),
  'POST /api/applications/attach': () => ({
    url: '/api/applications/attach',
    action: 'application.attach',
    fields: { childIin: WORLD_PEOPLE.childA.iin },
  }),
  'POST /api/applications/:id/benefit': (w) => ({
    url: `/api/applications/${w.A.applicationId}/benefit`,
    action: 'application.changeBenefit',
    fields: { applicationId: w.A.applicationId, benefit: null },
  }),
  'POST /api/applications/:id/withdraw': (w) => ({
    url: `/api/applications/${w.A.applicationId}/withdraw`,
    action: 'application.withdraw',
    fields: { applicationId: w.A.applicationId },
  }),
  'POST /api/applications/:id/preferences': (w) => ({
    url: `/api/applications/${w.A.applicationId}/preferences`,
    action: 'application.preferences',
    fields: { applicationId: w.A.applicationId, preferences: [] },
  }),
  'POST /api/applications/:id/turn/decline': (w) => ({
    url: `/api/applications/${w.A.applicationId}/turn/decline`,
    action: 'turn.decline',
    fields: { applicationId: w.A.applicationId },
  }),
  'POST /api/applications/:id/transfer': (w) => ({
    url: `/api/applications/${w.A.applicationId}/transfer`,
    action: 'transfer.request',
    fields: { applicationId: w.A.applicationId, kindergartenIds: [] },
  }),
  'POST /api/applications/:id/transfer/withdraw': (w) => ({
    url: `/api/applications/${w.A.applicationId}/transfer/withdraw`,
    action: 'transfer.withdraw',
    fields: { applicationId: w.A.applicationId },
  }),
  // A choice is checked (status, turn, free place) before its signature is verified, so the
  // faults are tried on an application that may choose: only the signature is wrong.
  'POST /api/applications/:id/direction': (w) => ({
    url: `/api/applications/${choosableA}/direction`,
    action: 'direction.choose',
    fields: { applicationId: choosableA, placeId: w.freeChoiceX },
  }),
  'POST /api/directions/:id/extend': (w) => ({
    url: `/api/directions/${w.A.directionId}/extend`,
    action: 'direction.extend',
    fields: { directionId: w.A.directionId, days: 5 },
  }),
  'POST /api/directions/:id/revoke': (w) => ({
    url: `/api/directions/${w.A.directionId}/revoke`,
    action: 'direction.revoke',
    fields: { directionId: w.A.directionId, reason: 'a reason' },
  }),
  'POST /api/directions/:id/accept': (w) => ({
    url: `/api/directions/${w.A.directionId}/accept`,
    action: 'direction.accept',
    fields: { directionId: w.A.directionId },
    signer: 'staffX',
  }),
  'POST /api/directions/:id/refuse': (w) => ({
    url: `/api/directions/${w.A.directionId}/refuse`,
    action: 'direction.refuse',
    fields: { directionId: w.A.directionId, reason: 'no room' },
    signer: 'staffX',
  }),
  'POST /api/enrolments/:id/departure': () => ({
    url: '/api/enrolments/1/departure',
    action: 'enrolment.depart',
    fields: { enrolmentId: '1', date: '2026-03-02', reason: 'moved away' },
    signer: 'staffX',
  }),
  'POST /api/refusals/:id/decision': () => ({
    url: '/api/refusals/1/decision',
    action: 'refusal.decide',
    fields: { refusalId: '1', confirm: true },
    signer: 'officerP',
  }),
};

/** The faults below made with a certificate of parent A, whatever the route's signer. */
const SIGNED_WITH_A_CERTIFICATE = new Set([
  'cert_expired',
  'cert_not_yet_valid',
  'cert_revoked',
  'untrusted_chain',
  'wrong_key_type',
  'bad_signature',
]);

/** What a forger or a careless client sends instead of the real CMS; `spend` goes first. */
type Forged = { cms: string; spend?: string };
const FAULTS: [
  string,
  number,
  string,
  (client: TestClient, action: string, fields: object, own: PersonKeys) => Promise<Forged>,
][] = [
  ['garbage', 400, 'malformed_cms', async () => ({ cms: base64(utf8('not a CMS, only text')) })],
  ['an expired certificate', 401, 'cert_expired', (c, a, f) => cms(c, faulty.expired.sign, a, f)],
  [
    'a certificate not yet valid',
    401,
    'cert_not_yet_valid',
    (c, a, f) => cms(c, faulty.notYetValid.sign, a, f),
  ],
  ['a revoked certificate', 401, 'cert_revoked', (c, a, f) => cms(c, faulty.revoked.sign, a, f)],
  ['an untrusted CA', 401, 'untrusted_chain', (c, a, f) => cms(c, faulty.untrusted.sign, a, f)],
  ['the AUTH key', 401, 'wrong_key_type', (c, a, f) => cms(c, w.A.keys.auth, a, f)],
  [
    'a GOST key',
    400,
    'unsupported_algorithm',
    async (c, a, f, own) => {
      const nonce = await nonceFor(freshAddress(c));
      return { cms: base64(gostCms(utf8(JSON.stringify({ action: a, nonce, ...f })), own.sign)) };
    },
  ],
  ['someone else’s key', 403, 'iin_mismatch', (c, a, f) => cms(c, w.B.keys.sign, a, f)],
  ['another action', 400, 'action_mismatch', (c, _a, f) => cms(c, w.A.keys.sign, 'test.other', f)],
  [
    'content that is not JSON',
    400,
    'malformed_cms',
    async (c) => ({ cms: sign(w.A.keys.sign, `not json ${await nonceFor(freshAddress(c))}`) }),
  ],
  [
    'tampered content',
    401,
    'bad_signature',
    async (c, a, f) => ({
      cms: tampered((await cms(c, w.A.keys.sign, a, { ...f, note: 'aaaa' })).cms),
    }),
  ],
  [
    'a replayed nonce',
    401,
    'nonce_reused',
    async (c, a, f, own) => {
      const nonce = await nonceFor(freshAddress(c));
      const cms = sign(own.sign, JSON.stringify({ action: a, nonce, ...f, note: 'aaaa' }));
      // The first use passes every check made before verification (so it spends the nonce),
      // then fails verification: its content was changed after signing.
      return { spend: tampered(cms), cms };
    },
  ],
];

const sign = (key: CmsSigner, content: string) =>
  base64(signCms(utf8(content), key, { includeChain: true }));

async function cms(
  client: TestClient,
  key: CmsSigner,
  action: string,
  fields: object,
): Promise<Forged> {
  const nonce = await nonceFor(freshAddress(client));
  return { cms: sign(key, JSON.stringify({ action, nonce, ...fields })) };
}

describe('forged, replayed and broken signatures on every signed route', () => {
  it('knows every signed route of the server', () => {
    const signed = apiRoutes(w.t.routes)
      .filter((r) => r.route.schema?.body === signedBodySchema && r.key !== 'POST /api/auth/eds')
      .map((r) => r.key);
    expect(signed.sort()).toEqual(Object.keys(SIGNED).sort());
  });

  it.each(FAULTS)('refuses %s with %i %s, storing nothing', async (_fault, status, code, make) => {
    for (const [key, target] of Object.entries(SIGNED)) {
      const { url, action, fields, signer } = target(w);
      const client = signer ? w.clients[signer] : w.A.client;
      const own = (signer && (await w.signingKeysOf(signer))) || w.A.keys;
      const forged = await make(client, action, fields, own);
      // The gate compares the certificate's IIN with the caller's before verifying anything:
      // on another signer's route, a fault made with parent A's certificate is someone else's.
      const [wantStatus, wantCode] =
        signer && SIGNED_WITH_A_CERTIFICATE.has(code) ? [403, 'iin_mismatch'] : [status, code];
      if (forged.spend) {
        expect((await client.post(url, { cms: forged.spend })).json().code).toBe('bad_signature');
      }
      await expectRefused(() => client.post(url, { cms: forged.cms }), wantStatus, wantCode).catch(
        (error: Error) => {
          throw new Error(`${key}: ${error.message}`);
        },
      );
    }
  });

  it('keeps the signed CMS of an action with its history row, and it verifies as the signer’s', async () => {
    const row = await w.t.database.db
      .selectFrom('history')
      .select('evidence')
      .where('subject_id', '=', w.A.applicationId)
      .where('event', '=', 'application.direction_issued')
      .executeTakeFirstOrThrow();
    const verified = await verifyCms(new Uint8Array(Buffer.from(row.evidence!, 'base64')), {
      trust: w.t.app.trust,
      at: w.t.clock.now(),
      keyType: 'sign',
    });
    expect(verified.signer.iin).toBe(w.A.iin);
    expect(JSON.parse(new TextDecoder().decode(verified.content))).toMatchObject({
      action: 'direction.choose',
      applicationId: w.A.applicationId,
    });
  });

  it('refuses a signed place id beyond any row as a validation failure, not as a server error', async () => {
    const fresh = await w.freshApplication('A');
    const body = await signedBody(freshAddress(w.A.client), w.A.keys.sign, 'direction.choose', {
      applicationId: fresh,
      placeId: '9'.repeat(25),
    });
    await expectRefused(
      () => w.A.client.post(`/api/applications/${fresh}/direction`, body),
      400,
      'validation_failed',
    );
  });
});

describe('uploads', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  /** A real PNG of `side`×`side` one-bit pixels, all zero: a few kilobytes that decode to megabytes. */
  function bomb(side: number): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(side, 0);
    header.writeUInt32BE(side, 4);
    header[8] = 1; // bit depth
    header[9] = 0; // greyscale
    const raw = Buffer.alloc((Math.ceil(side / 8) + 1) * side);
    return Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  /** The largest JPEG a header can claim: 65 535 × 65 535. */
  const hugeJpeg = Buffer.from(
    'ffd8' + 'ffe000104a46494600010100000100010000' + 'ffc0000b08ffffffff01011100' + 'ffd9',
    'hex',
  );

  const upload = (name: string, content: Buffer, client = w.A.client) => {
    const call = multipartFile('/api/attachments', name, content);
    return client.request({
      method: 'POST',
      url: call.url,
      payload: call.payload,
      headers: call.headers,
    });
  };

  it.each([
    ['a PNG named .pdf', 'scan.pdf', TINY_PNG, 415, 'file_type_mismatch'],
    ['a PDF named .png', 'scan.png', PDF, 415, 'file_type_mismatch'],
    ['a PNG named .exe', 'scan.exe', TINY_PNG, 415, 'file_type_mismatch'],
    ['a file without a name ending', 'scan', TINY_PNG, 415, 'file_type_mismatch'],
    [
      'text named .pdf',
      'scan.pdf',
      Buffer.from('<html><script>alert(1)</script></html>'),
      415,
      'unsupported_media_type',
    ],
    [
      'an SVG (scripts inside)',
      'scan.png',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      415,
      'unsupported_media_type',
    ],
    ['a decompression bomb', 'bomb.png', bomb(20_000), 422, 'image_too_large'],
    ['a JPEG claiming 65 535 × 65 535 pixels', 'huge.jpg', hugeJpeg, 422, 'image_too_large'],
    [
      'a file over 10 MB',
      'big.pdf',
      Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]),
      413,
      'payload_too_large',
    ],
  ])('refuses %s', async (_case, name, content, status, code) => {
    await expectRefused(() => upload(name, content), status, code);
  });

  it('accepts the real thing, named as it is, and a bomb is small on the wire', async () => {
    expect(bomb(20_000).length).toBeLessThan(200_000);
    expect((await upload('Scan.PNG', TINY_PNG)).statusCode).toBe(201);
    expect((await upload('справка.pdf', PDF)).statusCode).toBe(201);
  });
});

const INJECTION = `Robert'); drop table applications; -- <script>alert("x")</script><img src=x onerror=alert(1)> \${7*7} {{7*7}}`;

describe('injection strings in text fields', () => {
  it('stores them verbatim and shows them as text: API, PDF, e-mail', async () => {
    // A kindergarten renamed by the administrator, then chosen: its name is in the PDF and the e-mail.
    const renamed = await w.clients.admin.patch(`/api/admin/kindergartens/${w.kindergartenX}`, {
      name: { kk: INJECTION, ru: INJECTION },
      address: INJECTION,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(
      (await w.clients.admin.get(`/api/admin/kindergartens/${w.kindergartenX}`)).json(),
    ).toMatchObject({
      name: { kk: INJECTION, ru: INJECTION },
      address: INJECTION,
    });
    // The applicant's own address, signed, goes into the registration notice.
    const application = await register(w.A.client, w.A.keys, w.districtP, WORLD_PEOPLE.childA.iin);
    expect(application.json().code).toBe('child_already_queued');
    const { directionId, applicationId } = await w.freshDirection('A');
    expect((await w.A.client.get(`/api/applications/${applicationId}`)).json().status).toBe(
      'direction_issued',
    );
    const documents = (await w.A.client.get(`/api/applications/${applicationId}/documents`)).json()
      .items;
    const direction = documents.find((d: { kind: string }) => d.kind === 'direction');
    const pdf = await readPdf((await w.A.client.get(`/api/documents/${direction.id}`)).rawPayload);
    // Line breaks of the layout fall anywhere (after "</" too): compare without white space.
    const bare = (text: string) => text.replace(/\s/g, '');
    expect(bare(pdf.text)).toContain(bare(INJECTION));
    const mail = await w.t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('channel', '=', 'email')
      .where('user_id', '=', w.A.userId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.body).toContain(INJECTION);
    const mime = mailOptions(
      {
        id: mail.id,
        channel: 'email',
        recipient: mail.recipient,
        language: 'kk',
        subject: mail.subject,
        body: mail.body,
        createdAt: mail.created_at,
      },
      'kezek <no-reply@example.kz>',
    );
    expect(mime).not.toHaveProperty('html');
    expect(mime.text).toContain(INJECTION);
    expect(directionId).toMatch(/^\d+$/);
    // The tables are all there.
    expect(Object.keys(await rowCounts(w.t.database.db))).toContain('applications');
  });

  it.each([
    [
      'a region name',
      async () => {
        const code = `inj-${Date.now()}`;
        const created = await w.clients.admin.post('/api/admin/regions', {
          code,
          name: { kk: INJECTION, ru: INJECTION, en: INJECTION },
        });
        expect(created.statusCode, created.body).toBe(201);
        const regions = (await w.clients.anonymous.get('/api/regions')).json().items;
        return regions.find((r: { code: string }) => r.code === code).name.en;
      },
    ],
    [
      'a staff member’s name',
      async () => {
        const created = await w.clients.admin.post('/api/admin/staff', {
          iin: '220315500010',
          fullName: INJECTION,
          password: 'long-enough-password',
          role: 'admin',
        });
        expect(created.statusCode, created.body).toBe(201);
        return (
          await w.clients.admin.get(`/api/admin/staff?q=${encodeURIComponent('drop table')}`)
        ).json().items[0].fullName;
      },
    ],
    [
      'a calendar entry',
      async () => {
        expect(
          (
            await w.clients.admin.put('/api/admin/calendar/2031-01-03', {
              kind: 'holiday',
              name: INJECTION,
            })
          ).statusCode,
        ).toBe(200);
        const days = (await w.clients.admin.get('/api/admin/calendar?year=2031')).json().items;
        return days.find((d: { date: string }) => d.date === '2031-01-03').name;
      },
    ],
    [
      'an uploaded file’s name',
      async () => {
        const name = `${INJECTION.replace(/["/\\]/g, '')}.png`;
        const call = multipartFile('/api/attachments', name, TINY_PNG);
        const uploaded = await w.B.client.request({
          method: 'POST',
          url: call.url,
          payload: call.payload,
          headers: call.headers,
        });
        expect(uploaded.statusCode, uploaded.body).toBe(201);
        const row = await w.t.database.db
          .selectFrom('documents')
          .select('title')
          .where('id', '=', uploaded.json().id)
          .executeTakeFirstOrThrow();
        expect(row.title).toBe(name);
        return INJECTION;
      },
    ],
    [
      'the reason of a withdrawal',
      async () => {
        const id = await w.freshApplication('B');
        const withdrawn = await w.B.client.post(
          `/api/applications/${id}/withdraw`,
          await signedBody(freshAddress(w.B.client), w.B.keys.sign, 'application.withdraw', {
            applicationId: id,
            reason: INJECTION,
          }),
        );
        expect(withdrawn.statusCode, withdrawn.body).toBe(200);
        const row = await w.t.database.db
          .selectFrom('history')
          .select('after')
          .where('subject_id', '=', id)
          .where('event', '=', 'application.withdrawn')
          .executeTakeFirstOrThrow();
        return (row.after as { reason: string }).reason;
      },
    ],
  ])('keeps %s verbatim', async (_field, readBack) => {
    expect(await readBack()).toBe(INJECTION);
  });

  it('has a web app that never writes HTML from data (React escapes everything else)', () => {
    const root = fileURLToPath(new URL('../../../web/src/', import.meta.url));
    const sources = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(file).isDirectory() ? walk(file) : /\.tsx?$/.test(name) ? [file] : [];
      });
    })(root);
    expect(sources.length).toBeGreaterThan(20);
    const writers = sources.filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(writers).toEqual([]);
  });
});

describe('NUL and lone surrogates', () => {
  const usedNonces = async () => (await rowCounts(w.t.database.db)).used_nonces;

  it('are refused with 400 in a query, an administrator’s name and a file name', async () => {
    await expectRefused(
      () => w.clients.staffX.get(`/api/enrolments?kindergartenId=${w.kindergartenX}&q=%00`),
      400,
      'validation_failed',
    );
    await expectRefused(
      () =>
        w.clients.admin.patch(`/api/admin/kindergartens/${w.kindergartenX}`, {
          name: { kk: 'Бала\u0000бақша', ru: 'Сад' },
        }),
      400,
      'validation_failed',
    );
    await expectRefused(
      () =>
        w.A.client.request({
          method: 'POST',
          ...multipartFile('/api/attachments', 'a\u0000b.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')),
        }),
      400,
      'validation_failed',
    );
  });

  it('are refused in signed fields before the nonce is used or a number taken', async () => {
    const serial = async () =>
      (
        await sql<{ n: string }>`select last_value as n from application_serial`.execute(
          w.t.database.db,
        )
      ).rows[0]!.n;
    const numberBefore = await serial();
    let nonces = await usedNonces();
    await expectRefused(
      () =>
        register(w.B.client, w.B.keys, w.districtP, WORLD_PEOPLE.childB.iin, {
          email: 'parent@example.kz',
          phone: '+77011234567',
          address: { city: 'Аст\u0000ана', street: 'Көше', house: '1' },
        }),
      400,
      'validation_failed',
    );
    expect(await usedNonces()).toBe(nonces);
    expect(await serial()).toBe(numberBefore);
    const { directionId } = await w.freshDirection('A');
    nonces = await usedNonces();
    await expectRefused(
      async () =>
        w.A.client.post(
          `/api/directions/${directionId}/revoke`,
          await signedBody(freshAddress(w.A.client), w.A.keys.sign, 'direction.revoke', {
            directionId,
            reason: 'Алыс \ud800',
          }),
        ),
      400,
      'validation_failed',
    );
    expect(await usedNonces()).toBe(nonces);
  });
});
