/**
 * Interoperability: signatures made by the OpenSSL command line (docs/api.md, "Signed actions":
 * "A plain `openssl cms -sign -nodetach -binary -outform DER` signature is valid input"), with
 * keys of the test CA and with a chain made entirely by OpenSSL following the national profile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issuePersonKeys } from './test-ca/index.ts';
import type { PersonKeys, TestCa } from './test-ca/index.ts';
import { createTrustStore, loadTrustStore } from './trust.ts';
import type { TrustStore } from './trust.ts';
import { SignatureError, verifyCms } from './verify.ts';
import type { KeyType, SignatureErrorCode } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const content = new TextEncoder().encode(
  JSON.stringify({ action: 'apply', nonce: 'Zx9', child: { iin: '200101500123', name: 'Әлия' } }),
);

let dir: string;
let ca: TestCa;
let person: PersonKeys;
let trust: TrustStore;

async function codeOf(promise: Promise<unknown>): Promise<SignatureErrorCode | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
}

function run(args: string[]): Buffer {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `openssl cms -sign -nodetach -binary -outform DER …` over `content`. */
function opensslSign(cert: string, key: string, extra: string[] = []): Uint8Array {
  writeFileSync(join(dir, 'content.json'), content);
  return new Uint8Array(
    run([
      'cms',
      '-sign',
      '-nodetach',
      '-binary',
      '-outform',
      'DER',
      '-signer',
      cert,
      '-inkey',
      key,
      '-in',
      'content.json',
      ...extra,
    ]),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kezek-openssl-'));
  ca = await createTestCa();
  person = await issuePersonKeys(ca, {
    iin: '900101300123',
    surname: 'ИВАНОВ',
    givenName: 'АЙДАР',
    patronymic: 'СЕРИКОВИЧ',
  });
  trust = createTrustStore({ certificates: [ca.root.certificatePem] });
  writeFileSync(join(dir, 'intermediate.pem'), ca.intermediate.certificatePem);
  for (const keyType of ['auth', 'sign'] as const) {
    writeFileSync(join(dir, `${keyType}.pem`), person[keyType].certificatePem);
    writeFileSync(join(dir, `${keyType}.key.pem`), person[keyType].privateKeyPem);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openssl cms -sign with keys of the test CA', () => {
  it.each([
    { md: 'sha256', keyType: 'sign', expected: 'ok' },
    { md: 'sha1', keyType: 'sign', expected: 'ok' },
    { md: 'sha512', keyType: 'sign', expected: 'ok' },
    { md: 'sha256', keyType: 'auth', expected: 'ok' },
    { md: 'sha256', keyType: 'auth', as: 'sign', expected: 'wrong_key_type' },
    { md: 'sha256', keyType: 'sign', as: 'auth', expected: 'wrong_key_type' },
  ] as { md: string; keyType: KeyType; as?: KeyType; expected: SignatureErrorCode | 'ok' }[])(
    '-md $md, $keyType key verified as ${as} → $expected',
    async ({ md, keyType, as, expected }) => {
      const cms = opensslSign(`${keyType}.pem`, `${keyType}.key.pem`, [
        '-md',
        md,
        '-certfile',
        'intermediate.pem',
      ]);
      const verification = verifyCms(cms, { trust, at: AT, keyType: as ?? keyType });
      expect(await codeOf(verification)).toBe(expected);
      if (expected === 'ok') {
        const result = await verification;
        expect(Buffer.from(result.content).equals(Buffer.from(content))).toBe(true);
        expect(result.signer.iin).toBe('900101300123');
        expect(result.signedAt).toBeInstanceOf(Date);
      }
    },
  );

  it.each([
    { name: 'subjectKeyIdentifier as signer id (-keyid)', extra: ['-keyid'] },
    { name: 'no signed attributes (-noattr)', extra: ['-noattr'] },
    { name: 'indefinite-length BER (-stream)', extra: ['-stream'] },
  ])('accepts $name', async ({ extra }) => {
    const cms = opensslSign('sign.pem', 'sign.key.pem', [
      '-certfile',
      'intermediate.pem',
      ...extra,
    ]);
    const result = await verifyCms(cms, { trust, at: AT, keyType: 'sign' });
    expect(Buffer.from(result.content).equals(Buffer.from(content))).toBe(true);
  });

  it('refuses a detached OpenSSL signature as malformed', async () => {
    writeFileSync(join(dir, 'content.json'), content);
    const cms = run([
      'cms',
      '-sign',
      '-binary',
      '-outform',
      'DER',
      '-signer',
      'sign.pem',
      '-inkey',
      'sign.key.pem',
      '-in',
      'content.json',
    ]);
    expect(await codeOf(verifyCms(new Uint8Array(cms), { trust, at: AT, keyType: 'sign' }))).toBe(
      'malformed_cms',
    );
  });
});

describe('a chain made entirely with OpenSSL, following the national profile', () => {
  const CONFIG = `
[req]
distinguished_name = dn
string_mask = utf8only
utf8 = yes
prompt = no
[dn]
CN = unused
[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_nca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_sign]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.2.398.3.3.4.1.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_auth]
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth, 1.2.398.3.3.4.1.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_unknown_critical]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.2.398.3.3.4.1.1
1.2.398.99.1 = critical, ASN1:NULL
[v3_employee_sign]
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.2.398.3.3.4.1.2.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;
  let opensslTrust: TrustStore;
  let at: Date;

  function issue(name: string, subject: string, extensions: string, issuer: string): void {
    run(['genrsa', '-out', `${name}.key`, '2048']);
    run([
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-utf8',
      '-subj',
      subject,
      '-config',
      'ossl.cnf',
    ]);
    run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-set_serial',
      `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex')}1`,
      '-days',
      '365',
      '-sha256',
      '-extfile',
      'ossl.cnf',
      '-extensions',
      extensions,
      '-out',
      `${name}.pem`,
    ]);
  }

  beforeAll(() => {
    writeFileSync(join(dir, 'ossl.cnf'), CONFIG);
    run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'oroot.key',
      '-out',
      'oroot.pem',
      '-utf8',
      '-subj',
      '/C=KZ/O=OPENSSL TEST/CN=ОПЕНССЛ ТҮБІР (RSA)',
      '-config',
      'ossl.cnf',
      '-extensions',
      'v3_root',
      '-days',
      '3650',
      '-sha256',
    ]);
    issue('onca', '/C=KZ/CN=ОПЕНССЛ ҰКО (RSA)', 'v3_nca', 'oroot');
    const person = '/CN=ОПЕНССЛОВ БЕРІК/SN=ОПЕНССЛОВ/serialNumber=IIN770707300777/C=KZ/GN=АСҚАРҰЛЫ';
    issue('osign', person, 'v3_sign', 'onca');
    issue('oauth', person, 'v3_auth', 'onca');
    issue(
      'oemp',
      '/CN=ОПЕНССЛОВА ӘСЕЛ/SN=ОПЕНССЛОВА/serialNumber=IIN880808400888/C=KZ/O=ЖШС Мысал/OU=BIN990940000123',
      'v3_employee_sign',
      'onca',
    );
    issue('ocrit', person, 'v3_unknown_critical', 'onca');
    opensslTrust = loadTrustStore([join(dir, 'oroot.pem'), join(dir, 'onca.pem')], []);
    // OpenSSL dates its certificates from the real clock: verify one hour later.
    at = new Date(Date.now() + 3_600_000);
  });

  it('verifies SIGN and AUTH signatures, reading the profile fields', async () => {
    const sign = await verifyCms(opensslSign('osign.pem', 'osign.key', ['-md', 'sha256']), {
      trust: opensslTrust,
      at,
      keyType: 'sign',
    });
    expect(sign.signer).toMatchObject({
      iin: '770707300777',
      bin: null,
      employee: false,
      commonName: 'ОПЕНССЛОВ БЕРІК',
      surname: 'ОПЕНССЛОВ',
      givenName: 'АСҚАРҰЛЫ',
      firstName: 'БЕРІК',
      issuerCommonName: 'ОПЕНССЛ ҰКО (RSA)',
    });
    const auth = await verifyCms(opensslSign('oauth.pem', 'oauth.key', ['-md', 'sha256']), {
      trust: opensslTrust,
      at,
      keyType: 'auth',
    });
    expect(auth.signer.iin).toBe('770707300777');
    expect(auth.signer.certificatePem.trim()).toBe(
      readFileSync(join(dir, 'oauth.pem'), 'utf8').trim(),
    );
  });

  it('reads BIN and employee from an OpenSSL employee certificate', async () => {
    const result = await verifyCms(opensslSign('oemp.pem', 'oemp.key', ['-certfile', 'onca.pem']), {
      trust: createTrustStore({ certificates: [readFileSync(join(dir, 'oroot.pem'), 'utf8')] }),
      at,
      keyType: 'sign',
    });
    expect(result.signer).toMatchObject({
      iin: '880808400888',
      bin: '990940000123',
      employee: true,
    });
  });

  it('refuses a certificate with an unknown critical extension', async () => {
    const cms = opensslSign('ocrit.pem', 'ocrit.key');
    expect(await codeOf(verifyCms(cms, { trust: opensslTrust, at, keyType: 'sign' }))).toBe(
      'untrusted_chain',
    );
  });

  it('refuses the OpenSSL chain when only the test CA is trusted, and the key types crossed', async () => {
    const cms = opensslSign('osign.pem', 'osign.key', ['-certfile', 'onca.pem']);
    expect(await codeOf(verifyCms(cms, { trust, at, keyType: 'sign' }))).toBe('untrusted_chain');
    expect(await codeOf(verifyCms(cms, { trust: opensslTrust, at, keyType: 'auth' }))).toBe(
      'wrong_key_type',
    );
    const authCms = opensslSign('oauth.pem', 'oauth.key');
    expect(await codeOf(verifyCms(authCms, { trust: opensslTrust, at, keyType: 'sign' }))).toBe(
      'wrong_key_type',
    );
  });
});
