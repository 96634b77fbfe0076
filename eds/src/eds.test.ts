/**
 * @kezek/eds against the real national CA key files (3DES, password Qwerty12), the test CA's AES
 * and 3DES files and an OpenSSL-made file; every CMS is checked by the server's own verifier
 * (pkijs), the one that decides in production.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pkijs from 'pkijs';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestCa,
  issuePersonKey,
  issuePersonKeys,
  toP12,
} from '../../server/src/signature/test-ca/index.ts';
import type { PersonKeys, TestCa } from '../../server/src/signature/test-ca/index.ts';
import { createTrustStore, loadTrustStore } from '../../server/src/signature/trust.ts';
import type { TrustStore } from '../../server/src/signature/trust.ts';
import { SignatureError, verifyCms } from '../../server/src/signature/verify.ts';
import type { KeyType } from '../../server/src/signature/verify.ts';
import {
  binaryToBytes,
  bytesToBinary,
  certificateProblem,
  certificateSummary,
  fromBase64,
  openP12,
  P12Error,
  P12FormatError,
  P12PasswordError,
  signCms,
  toBase64,
  utf8,
} from './index.ts';
import type { OpenedP12 } from './index.ts';

const REPO = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const NCA = (name: string) => resolve(REPO, 'server/test-fixtures/nca-test', name);
const NCA_PASSWORD = 'Qwerty12';
const INSIDE_NCA_VALIDITY = new Date('2019-01-01T00:00:00Z');
const AT = new Date('2026-06-01T00:00:00Z');
const nonce = utf8('dGhlIG5vbmNlIG9mIGEgc2Vzc2lvbg');

async function verifiedCode(
  cms: Uint8Array,
  trust: TrustStore,
  at: Date,
  keyType: KeyType,
): Promise<string> {
  try {
    await verifyCms(cms, { trust, at, keyType });
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

let ca: TestCa;
let person: PersonKeys;
let caTrust: TrustStore;

beforeAll(async () => {
  ca = await createTestCa({ label: 'EDS' });
  person = await issuePersonKeys(ca, {
    iin: '900101300123',
    surname: 'ИВАНОВ',
    givenName: 'АЙДАР',
    patronymic: 'СЕРИКОВИЧ',
  });
  caTrust = createTrustStore({ certificates: [ca.root.certificatePem] });
});

describe('the real national CA key files (3DES)', () => {
  let auth: OpenedP12;
  let sign: OpenedP12;
  let ncaTrust: TrustStore;

  beforeAll(() => {
    auth = openP12(readFileSync(NCA('AUTH_RSA256_test_individual.p12')), NCA_PASSWORD);
    sign = openP12(readFileSync(NCA('RSA256_test_individual.p12')), NCA_PASSWORD);
    ncaTrust = loadTrustStore([NCA('root_rsa.pem'), NCA('nca_rsa.pem')], []);
  });

  it('open with their password', () => {
    expect(auth.privateKeyPem).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(auth.certificatePem).toMatch(/BEGIN CERTIFICATE/);
    expect(sign.privateKeyPem).toMatch(/BEGIN RSA PRIVATE KEY/);
  });

  it('say who the key belongs to, in Cyrillic, and which key it is', () => {
    const summary = certificateSummary(auth.certificatePem);
    expect(summary).toMatchObject({
      iin: '123456789011',
      bin: null,
      commonName: 'ТЕСТОВ ТЕСТ',
      surname: 'ТЕСТОВ',
      givenName: 'ТЕСТОВИЧ',
      issuerCommonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)',
      keyType: 'auth',
      keyTypes: ['auth'],
      employee: false,
    });
    expect(summary.notBefore.toISOString().slice(0, 10)).toBe('2018-08-22');
    expect(summary.notAfter.toISOString().slice(0, 10)).toBe('2019-08-22');
    expect(certificateSummary(sign.certificatePem)).toMatchObject({
      keyType: 'sign',
      keyTypes: ['sign'],
      commonName: 'ТЕСТОВ ТЕСТ',
    });
  });

  it('are refused locally today as expired, and accepted inside their validity', () => {
    const summary = certificateSummary(auth.certificatePem);
    expect(certificateProblem(summary, { keyType: 'auth', at: new Date('2026-11-23') })).toBe(
      'cert_expired',
    );
    expect(certificateProblem(summary, { keyType: 'auth', at: new Date('2018-01-01') })).toBe(
      'cert_not_yet_valid',
    );
    expect(certificateProblem(summary, { keyType: 'auth', at: INSIDE_NCA_VALIDITY })).toBeNull();
    // The wrong key type is said first: it is what the user can fix by choosing the other file.
    expect(certificateProblem(summary, { keyType: 'sign', at: new Date('2026-11-23') })).toBe(
      'wrong_key_type',
    );
  });

  it('a wrong password is a P12PasswordError', () => {
    const error = errorOf(() =>
      openP12(readFileSync(NCA('AUTH_RSA256_test_individual.p12')), 'qwerty12'),
    );
    expect(error).toBeInstanceOf(P12PasswordError);
    expect(error).toBeInstanceOf(P12Error);
  });

  it.each([
    { key: () => auth, keyType: 'auth' as const },
    { key: () => sign, keyType: 'sign' as const },
  ])(
    'the $keyType key makes a CMS the server accepts (the issuer workaround)',
    async ({ key, keyType }) => {
      const cms = signCms(nonce, {
        ...key(),
        chainPem: [readFileSync(NCA('nca_rsa.pem'), 'utf8')],
      });
      expect(await verifiedCode(cms, ncaTrust, INSIDE_NCA_VALIDITY, keyType)).toBe('ok');
      const other: KeyType = keyType === 'auth' ? 'sign' : 'auth';
      expect(await verifiedCode(cms, ncaTrust, INSIDE_NCA_VALIDITY, other)).toBe('wrong_key_type');
      expect(await verifiedCode(cms, ncaTrust, AT, keyType)).toBe('cert_expired');
    },
  );

  it('without the issuer workaround no verifier finds the signer (node-forge bug #847)', async () => {
    const cms = signCms(nonce, auth, { forgeIssuerBug: true });
    expect(await verifiedCode(cms, ncaTrust, INSIDE_NCA_VALIDITY, 'auth')).toBe('malformed_cms');
  });
});

describe('key files of the test CA', () => {
  it.each(['3des', 'aes256'] as const)(
    'a %s file opens, its AUTH key signs in and its password is checked',
    async (algorithm) => {
      const p12 = toP12(person.auth, 'Құпия-сөз 1', algorithm);
      const opened = openP12(p12, 'Құпия-сөз 1');
      expect(opened.certificatePem.replace(/\r/g, '').trim()).toBe(
        person.auth.certificatePem.trim(),
      );
      expect(opened.chainPem).toEqual([]);
      expect(errorOf(() => openP12(p12, 'Құпия-сөз 2'))).toBeInstanceOf(P12PasswordError);
      const cms = signCms(
        nonce,
        { ...opened, chainPem: person.auth.chainPem },
        { includeChain: true },
      );
      expect(await verifiedCode(cms, caTrust, AT, 'auth')).toBe('ok');
    },
  );

  it('a file with the issuing CA gives it as the chain', () => {
    const opened = openP12(toP12(person.sign, 'pw', 'aes256', { includeChain: true }), 'pw');
    expect(opened.chainPem).toHaveLength(1);
    expect(certificateSummary(opened.chainPem[0]!).commonName).toBe('KEZEK EDS NCA (RSA)');
  });

  it('an employee certificate names the BIN', async () => {
    const key = await issuePersonKey(ca, 'sign', {
      iin: '850505400456',
      surname: 'СЕРІКОВА',
      givenName: 'ДИНАРА',
      bin: '123456789012',
      organization: 'ТОО «Балапан»',
    });
    expect(certificateSummary(key.certificatePem)).toMatchObject({
      iin: '850505400456',
      bin: '123456789012',
      organization: 'ТОО «Балапан»',
      employee: true,
      keyType: 'sign',
    });
  });

  it('validity dates decide certificateProblem', async () => {
    const key = await issuePersonKey(ca, 'auth', {
      iin: '900101300123',
      surname: 'ИВАНОВ',
      givenName: 'АЙДАР',
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
    });
    const summary = certificateSummary(key.certificatePem);
    expect(certificateProblem(summary, { keyType: 'auth', at: AT })).toBe('cert_not_yet_valid');
    expect(certificateProblem(summary, { keyType: 'auth', at: new Date('2031-06-01') })).toBe(
      'cert_expired',
    );
    expect(certificateProblem(summary, { keyType: 'auth', at: new Date('2030-06-01') })).toBeNull();
  });

  it('a certificate with neither AUTH nor SIGN usage is of unknown type', async () => {
    const summary = certificateSummary(ca.intermediate.certificatePem);
    expect(summary.keyType).toBe('unknown');
    expect(summary.iin).toBeNull();
    expect(certificateProblem(summary, { keyType: 'auth', at: AT })).toBe('wrong_key_type');
  });
});

describe('files that are not key files', () => {
  it.each([
    { name: 'an empty file', bytes: () => new Uint8Array() },
    {
      name: 'random bytes',
      bytes: () => Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 251),
    },
    { name: 'a PEM text', bytes: () => utf8(person.auth.certificatePem) },
    {
      name: 'a DER certificate',
      bytes: () => fromBase64(person.auth.certificatePem),
    },
    { name: 'a PDF', bytes: () => utf8('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n') },
  ])('$name is a P12FormatError (not_pkcs12)', ({ bytes }) => {
    const error = errorOf(() => openP12(bytes(), 'any'));
    expect(error).toBeInstanceOf(P12FormatError);
    expect((error as P12FormatError).reason).toBe('not_pkcs12');
  });

  it('a PKCS#12 file with certificates only is a P12FormatError (no_private_key)', () => {
    const asn1 = forge.pkcs12.toPkcs12Asn1(
      null,
      [forge.pki.certificateFromPem(person.auth.certificatePem)],
      'pw',
      { algorithm: '3des' },
    );
    const p12 = binaryToBytes(forge.asn1.toDer(asn1).getBytes());
    const error = errorOf(() => openP12(p12, 'pw'));
    expect(error).toBeInstanceOf(P12FormatError);
    expect((error as P12FormatError).reason).toBe('no_private_key');
  });
});

describe('a key file of another algorithm', () => {
  const { asn1 } = forge;
  const oid = (id: string) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());

  /**
   * A 3DES key file as the national CA's are, whose PrivateKeyInfo holds a key of `algorithm`
   * (random bytes: nothing opens it further). node-forge writes only RSA keys, so its wrapping of
   * the RSA key is replaced while it makes the file.
   */
  function keyFileOf(algorithm: string, parameters: string[]): Uint8Array {
    const privateKeyInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, '\x00'),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        oid(algorithm),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, parameters.map(oid)),
      ]),
      asn1.create(
        asn1.Class.UNIVERSAL,
        asn1.Type.OCTETSTRING,
        false,
        forge.random.getBytesSync(66),
      ),
    ]);
    const wrap = vi.spyOn(forge.pki, 'wrapRsaPrivateKey').mockReturnValue(privateKeyInfo);
    try {
      return toP12(person.auth, 'Qwerty12');
    } finally {
      wrap.mockRestore();
    }
  }

  it('a GOST key (the national CA issues one beside the RSA key) is a P12FormatError (gost_key)', () => {
    const p12 = keyFileOf('1.2.398.3.10.1.1.2.2', ['1.2.398.3.10.1.1.2.2.1', '1.2.398.3.10.1.3.3']);
    const error = errorOf(() => openP12(p12, 'Qwerty12'));
    expect(error).toBeInstanceOf(P12FormatError);
    expect((error as P12FormatError).reason).toBe('gost_key');
    expect(errorOf(() => openP12(p12, 'Qwerty13'))).toBeInstanceOf(P12PasswordError);
  });

  it('a Russian GOST key too; an EC key is unsupported_key', () => {
    const russian = keyFileOf('1.2.643.7.1.1.1.1', ['1.2.643.7.1.2.1.1.1']);
    expect((errorOf(() => openP12(russian, 'Qwerty12')) as P12FormatError).reason).toBe('gost_key');
    const ec = keyFileOf('1.2.840.10045.2.1', ['1.2.840.10045.3.1.7']);
    expect((errorOf(() => openP12(ec, 'Qwerty12')) as P12FormatError).reason).toBe(
      'unsupported_key',
    );
  });
});

describe.runIf(hasOpenssl())('a key file made by OpenSSL 3 (PBES2, AES-256, SHA-256 MAC)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kezek-eds-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens and signs', async () => {
    writeFileSync(join(dir, 'key.pem'), person.sign.privateKeyPem);
    writeFileSync(join(dir, 'cert.pem'), person.sign.certificatePem);
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'key.pem'),
      '-in',
      join(dir, 'cert.pem'),
      '-out',
      join(dir, 'sign.p12'),
      '-passout',
      'pass:Secret-7',
    ]);
    const p12 = readFileSync(join(dir, 'sign.p12'));
    const info = spawnSync('openssl', ['pkcs12', '-info', '-nokeys', '-passin', 'pass:Secret-7'], {
      input: p12,
    }).stderr.toString();
    expect(info).toContain('AES-256-CBC');
    expect(errorOf(() => openP12(p12, 'Secret-8'))).toBeInstanceOf(P12PasswordError);
    const opened = openP12(p12, 'Secret-7');
    const cms = signCms(
      nonce,
      { ...opened, chainPem: person.sign.chainPem },
      { includeChain: true },
    );
    expect(await verifiedCode(cms, caTrust, AT, 'sign')).toBe('ok');
  });
});

describe('the CMS', () => {
  function parse(cms: Uint8Array) {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
    expect(info.contentType).toBe('1.2.840.113549.1.7.2');
    return new pkijs.SignedData({ schema: info.content });
  }

  it('attaches the content and signs contentType, messageDigest, signingTime with SHA-256', () => {
    const signingTime = new Date('2026-05-01T10:00:00Z');
    const signed = parse(signCms(nonce, person.auth, { signingTime }));
    expect(signed.encapContentInfo.eContentType).toBe('1.2.840.113549.1.7.1');
    expect(new Uint8Array(signed.encapContentInfo.eContent!.getValue())).toEqual(nonce);
    expect(signed.signerInfos).toHaveLength(1);
    const signer = signed.signerInfos[0]!;
    expect(signer.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    const attributes = signer.signedAttrs!.attributes.map((attr) => attr.type);
    expect(attributes).toEqual(
      expect.arrayContaining([
        '1.2.840.113549.1.9.3', // contentType
        '1.2.840.113549.1.9.4', // messageDigest
        '1.2.840.113549.1.9.5', // signingTime
      ]),
    );
    expect(signed.certificates).toHaveLength(1);
  });

  it('carries the chain on request and another digest when asked', async () => {
    const cms = signCms(nonce, person.sign, { includeChain: true, digest: 'sha512' });
    const signed = parse(cms);
    expect(signed.certificates).toHaveLength(2);
    expect(signed.signerInfos[0]!.digestAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.3');
    expect(await verifiedCode(cms, caTrust, AT, 'sign')).toBe('ok');
  });

  it('signs UTF-8 JSON of a signed action byte for byte', async () => {
    const json = JSON.stringify({ action: 'application.create', nonce: 'n', name: 'Әлихан Өмір' });
    const cms = signCms(utf8(json), person.sign, { includeChain: true });
    const result = await verifyCms(cms, { trust: caTrust, at: AT, keyType: 'sign' });
    expect(new TextDecoder().decode(result.content)).toBe(json);
  });
});

describe('bytes', () => {
  it('base64 agrees with node for every length and padding', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 89 + length) % 256);
      const expected = Buffer.from(bytes).toString('base64');
      expect(toBase64(bytes)).toBe(expected);
      expect(fromBase64(expected)).toEqual(bytes);
    }
    expect(fromBase64('-----BEGIN CMS-----\nAAEC\nAw==\n-----END CMS-----\n')).toEqual(
      Uint8Array.from([0, 1, 2, 3]),
    );
    expect(() => fromBase64('not base64!')).toThrow();
  });

  it('binary strings round-trip, also for inputs too big for one fromCharCode call', () => {
    const bytes = Uint8Array.from({ length: 1_000_003 }, (_, i) => (i * 7) % 256);
    const binary = bytesToBinary(bytes);
    expect(binary.length).toBe(bytes.length);
    expect(binaryToBytes(binary)).toEqual(bytes);
  });
});

describe('the package', () => {
  it('runs in the browser: it imports only node-forge and itself, and never Buffer or node:*', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const sources = readdirSync(dir).filter(
      (name) => name.endsWith('.ts') && !name.includes('.test.'),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const name of sources) {
      const text = readFileSync(join(dir, name), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      for (const specifier of imports) expect(specifier, name).toMatch(/^(node-forge|\.\/)/);
      expect(text, name).not.toMatch(/\bBuffer\.|\bprocess\.|require\(/);
    }
  });
});
