/**
 * The REAL national CA (НУЦ РК) test material of server/test-fixtures/nca-test (a copy of ../shared/pki/nca-test; see its README): real
 * root and issuing CA, a real test person's AUTH and SIGN key files (3DES-protected PKCS#12,
 * password Qwerty12), newer certificates of the same person and a real CRL. It has expired, so
 * the checks run with `at` inside its validity — and prove it is refused today.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openP12, signCms } from './test-ca/index.ts';
import type { CmsSigner } from './test-ca/index.ts';
import { createTrustStore, loadTrustStore, parseCertificates } from './trust.ts';
import type { TrustStore } from './trust.ts';
import { revocationStatus } from './chain.ts';
import { certificateKeyTypes, readSubject } from './profile.ts';
import { SignatureError, verifyCms } from './verify.ts';
import type { SignatureErrorCode } from './verify.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const NCA_DIR = resolve(REPO_ROOT, 'server/test-fixtures/nca-test');
const file = (name: string) => join(NCA_DIR, name);
const PASSWORD = 'Qwerty12';

const INSIDE_VALIDITY = new Date('2019-01-01T00:00:00Z');
const TODAY = new Date('2026-11-23T12:00:00Z');
const content = new TextEncoder().encode(
  JSON.stringify({ action: 'sign-in', nonce: 'b3f1c2d4e5', ts: '2019-01-01' }),
);

async function codeOf(promise: Promise<unknown>): Promise<SignatureErrorCode | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
}

let trust: TrustStore;
let signKey: Required<CmsSigner>;
let authKey: Required<CmsSigner>;
let ncaPem: string;

beforeAll(() => {
  if (!existsSync(NCA_DIR)) {
    throw new Error(`the national CA test material is missing: ${NCA_DIR}`);
  }
  trust = loadTrustStore([file('root_rsa.pem'), file('nca_rsa.pem')], []);
  ncaPem = readFileSync(file('nca_rsa.pem'), 'utf8');
  signKey = openP12(readFileSync(file('RSA256_test_individual.p12')), PASSWORD);
  authKey = openP12(readFileSync(file('AUTH_RSA256_test_individual.p12')), PASSWORD);
});

describe('the real national CA material', () => {
  it('loads the real root as a root and the issuing CA as an intermediate', () => {
    expect(trust.roots).toHaveLength(1);
    expect(trust.intermediates).toHaveLength(1);
  });

  it('opens both real 3DES-protected key files with node-forge', () => {
    expect(signKey.privateKeyPem).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(authKey.privateKeyPem).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(() => openP12(readFileSync(file('RSA256_test_individual.p12')), 'wrong')).toThrow();
  });

  it.each([
    {
      name: 'SIGN key as sign, issuing CA in the CMS',
      key: () => signKey,
      keyType: 'sign',
      chain: true,
    },
    {
      name: 'SIGN key as sign, issuing CA from the trust store',
      key: () => signKey,
      keyType: 'sign',
      chain: false,
    },
    {
      name: 'AUTH key as auth, issuing CA in the CMS',
      key: () => authKey,
      keyType: 'auth',
      chain: true,
    },
    {
      name: 'AUTH key as auth, issuing CA from the trust store',
      key: () => authKey,
      keyType: 'auth',
      chain: false,
    },
  ] as const)(
    '$name verifies inside the validity (2019-01-01)',
    async ({ key, keyType, chain }) => {
      const signer = { ...key(), chainPem: [ncaPem] };
      const cms = signCms(content, signer, { includeChain: chain, signingTime: INSIDE_VALIDITY });
      const result = await verifyCms(cms, { trust, at: INSIDE_VALIDITY, keyType });
      expect(Buffer.from(result.content).toString()).toBe(Buffer.from(content).toString());
      expect(result.signer).toMatchObject({
        iin: '123456789011', // checksum invalid: the CA, not the checksum, is the authority
        bin: null,
        employee: false,
        commonName: 'ТЕСТОВ ТЕСТ',
        surname: 'ТЕСТОВ',
        givenName: 'ТЕСТОВИЧ',
        firstName: 'ТЕСТ',
        issuerCommonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)',
      });
      expect(result.signer.notAfter.toISOString()).toBe('2019-08-22T12:11:36.000Z');
    },
  );

  it.each([
    {
      name: 'SIGN key, today',
      key: () => signKey,
      keyType: 'sign',
      at: TODAY,
      code: 'cert_expired',
    },
    {
      name: 'AUTH key, today',
      key: () => authKey,
      keyType: 'auth',
      at: TODAY,
      code: 'cert_expired',
    },
    {
      name: 'SIGN key used to sign in',
      key: () => signKey,
      keyType: 'auth',
      at: INSIDE_VALIDITY,
      code: 'wrong_key_type',
    },
    {
      name: 'AUTH key used to sign an action',
      key: () => authKey,
      keyType: 'sign',
      at: INSIDE_VALIDITY,
      code: 'wrong_key_type',
    },
    {
      name: 'SIGN key before the issuing CA existed (2018-01-01)',
      key: () => signKey,
      keyType: 'sign',
      at: new Date('2018-01-01T00:00:00Z'),
      code: 'cert_not_yet_valid',
    },
  ] as const)('$name → $code', async ({ key, keyType, at, code }) => {
    const cms = signCms(content, { ...key(), chainPem: [ncaPem] }, { includeChain: true });
    expect(await codeOf(verifyCms(cms, { trust, at, keyType }))).toBe(code);
  });

  it('is untrusted when only the issuing CA (not the root) is trusted', async () => {
    const cms = signCms(content, signKey);
    const onlyNca = createTrustStore({ certificates: [ncaPem] });
    expect(
      await codeOf(verifyCms(cms, { trust: onlyNca, at: INSIDE_VALIDITY, keyType: 'sign' })),
    ).toBe('untrusted_chain');
  });

  it('needs the node-forge issuer workaround: without it the Cyrillic issuer is double-encoded', async () => {
    const cms = signCms(content, signKey, { forgeIssuerBug: true });
    expect(await codeOf(verifyCms(cms, { trust, at: INSIDE_VALIDITY, keyType: 'sign' }))).toBe(
      'malformed_cms',
    );
  });

  describe('with OpenSSL', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kezek-nca-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('node-forge reads the certificate out of the p12 byte for byte', () => {
      const pem = execFileSync('openssl', [
        'pkcs12',
        '-legacy',
        '-in',
        file('RSA256_test_individual.p12'),
        '-passin',
        `pass:${PASSWORD}`,
        '-nokeys',
        '-clcerts',
      ]).toString();
      const [fromOpenssl] = parseCertificates(pem);
      const [fromForge] = parseCertificates(signKey.certificatePem);
      expect(Buffer.from(fromForge!.der).equals(Buffer.from(fromOpenssl!.der))).toBe(true);
    });

    it('a CMS made by `openssl cms -sign` with the real SIGN key verifies', async () => {
      writeFileSync(join(dir, 'cert.pem'), signKey.certificatePem);
      writeFileSync(join(dir, 'key.pem'), signKey.privateKeyPem);
      writeFileSync(join(dir, 'content.json'), content);
      const cms = execFileSync('openssl', [
        'cms',
        '-sign',
        '-nodetach',
        '-binary',
        '-outform',
        'DER',
        '-md',
        'sha256',
        '-signer',
        join(dir, 'cert.pem'),
        '-inkey',
        join(dir, 'key.pem'),
        '-certfile',
        file('nca_rsa.pem'),
        '-in',
        join(dir, 'content.json'),
      ]);
      const result = await verifyCms(new Uint8Array(cms), {
        trust,
        at: INSIDE_VALIDITY,
        keyType: 'sign',
      });
      expect(result.signer.iin).toBe('123456789011');
      expect(Buffer.from(result.content).equals(Buffer.from(content))).toBe(true);
    });
  });

  describe('the 2022 test-CA certificates and the real CRL', () => {
    const cert = (name: string) => {
      const [parsed] = parseCertificates(readFileSync(file(name), 'utf8'));
      return parsed!;
    };

    it('reads the newer profile: key types, IIN and names', () => {
      const sign = cert('test_individual_sign_2022.pem');
      const auth = cert('test_individual_auth_2022.pem');
      expect([...certificateKeyTypes(sign)]).toEqual(['sign']);
      expect([...certificateKeyTypes(auth)]).toEqual(['auth']);
      expect(readSubject(sign)).toMatchObject({
        iin: '123456789011',
        bin: null,
        employee: false,
        surname: 'ТЕСТОВ',
        firstName: 'ТЕСТ',
      });
    });

    it('checks revocation against the real CRL of ҰКО 3.0 (RSA TEST) (DER)', async () => {
      const store = loadTrustStore([file('nca_rsa_test.pem')], [file('nca_rsa_test.crl')]);
      const issuer = cert('nca_rsa_test.pem');
      const sign = cert('test_individual_sign_2022.pem');
      const inside = new Date('2022-06-01T00:00:00Z');
      expect(await revocationStatus(sign, issuer, store, inside)).toBe('good');
      // A serial the real CRL lists (certificateHold): revoked.
      const listed = { serialHex: '474C38696D8677A2C8B6E40345A8B04168C0905C'.toLowerCase() };
      expect(await revocationStatus(listed, issuer, store, inside)).toBe('revoked');
      // After its nextUpdate (2022-09-25) the CRL no longer vouches for anything.
      expect(await revocationStatus(sign, issuer, store, new Date('2022-10-01T00:00:00Z'))).toBe(
        'crl_expired',
      );
      // A CRL that is not the issuer's does not count.
      const other = cert('nca_rsa.pem');
      expect(await revocationStatus(sign, other, store, inside)).toBe('no_crl');
    });
  });
});
