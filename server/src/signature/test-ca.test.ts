import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { runCli } from './test-ca/cli.ts';
import {
  createCrl,
  createTestCa,
  issuePersonKey,
  issuePersonKeys,
  openP12,
  signCms,
  toP12,
} from './test-ca/index.ts';
import type { PersonKeys, TestCa } from './test-ca/index.ts';
import { createTrustStore, loadTrustStore, parseCertificates, parseCrls } from './trust.ts';
import type { Certificate } from './certificate.ts';
import { certificateKeyTypes, readSubject } from './profile.ts';
import type { SignatureError } from './verify.ts';
import { verifyCms } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const content = new TextEncoder().encode('{"action":"sign-in","nonce":"abc"}');

let ca: TestCa;
let person: PersonKeys;
let employee: PersonKeys;
let dir: string;

const parse = (pem: string): Certificate => parseCertificates(pem)[0] as Certificate;
/** The same certificate read by pkijs, to see its encoding from another library. */
const pkijsParse = (pem: string) =>
  pkijs.Certificate.fromBER(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));

/** The ASN.1 string type names of the subject attributes, by OID. */
function subjectTypes(cert: pkijs.Certificate): Record<string, string> {
  return Object.fromEntries(
    cert.subject.typesAndValues.map((tv) => [
      tv.type,
      (tv.value as asn1js.BaseBlock).constructor.name,
    ]),
  );
}

/** What `openssl pkcs12 -info` says about a file (it writes that to stderr). */
function p12Info(p12: Uint8Array, password: string): string {
  const result = spawnSync(
    'openssl',
    ['pkcs12', '-info', '-nokeys', '-legacy', '-passin', 'env:P12_PASSWORD'],
    {
      input: p12,
      env: { ...process.env, P12_PASSWORD: password },
    },
  );
  if (result.status !== 0) throw new Error(`openssl pkcs12: ${result.stderr.toString()}`);
  return result.stderr.toString();
}

function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

beforeAll(async () => {
  ca = await createTestCa();
  person = await issuePersonKeys(ca, {
    iin: '900101300123',
    surname: 'ИВАНОВ',
    givenName: 'АЙДАР',
    patronymic: 'СЕРИКОВИЧ',
  });
  employee = await issuePersonKeys(ca, {
    iin: '850505400456',
    surname: 'СЕРІКОВА',
    givenName: 'ДИНАРА',
    bin: '123456789012',
    organization: 'ТОО «Балапан»',
    employeeRole: '1.2.398.3.3.4.1.2.2',
  });
  dir = mkdtempSync(join(tmpdir(), 'kezek-pki-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('test CA profile', () => {
  it('makes a self-signed root and an issuing CA under it', async () => {
    const root = pkijsParse(ca.root.certificatePem);
    const intermediate = pkijsParse(ca.intermediate.certificatePem);
    expect(await root.verify()).toBe(true);
    expect(await intermediate.verify(root)).toBe(true);
    const store = createTrustStore({
      certificates: [ca.root.certificatePem, ca.intermediate.certificatePem],
    });
    expect(store.roots).toHaveLength(1);
    expect(store.intermediates).toHaveLength(1);
  });

  it('writes the person subject as the national CA does', () => {
    const sign = parse(person.sign.certificatePem);
    expect(readSubject(sign)).toEqual({
      iin: '900101300123',
      bin: null,
      employee: false,
      commonName: 'ИВАНОВ АЙДАР',
      surname: 'ИВАНОВ',
      givenName: 'СЕРИКОВИЧ',
      firstName: 'АЙДАР',
    });
    expect(subjectTypes(pkijsParse(person.sign.certificatePem))).toEqual({
      '2.5.4.3': 'Utf8String',
      '2.5.4.4': 'Utf8String',
      '2.5.4.5': 'PrintableString',
      '2.5.4.6': 'PrintableString',
      '2.5.4.42': 'Utf8String',
    });
  });

  it.each([
    { keyType: 'auth', eku: ['1.3.6.1.5.5.7.3.2', '1.2.398.3.3.4.1.1'] },
    { keyType: 'sign', eku: ['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.1'] },
  ] as const)('gives the $keyType certificate its key usage and EKU', ({ keyType, eku }) => {
    const cert = parse(person[keyType].certificatePem);
    expect(cert.extendedKeyUsage).toEqual(eku);
    expect([...certificateKeyTypes(cert)]).toEqual([keyType]);
    const text = openssl(
      ['x509', '-noout', '-ext', 'keyUsage'],
      Buffer.from(person[keyType].certificatePem),
    ).toString();
    expect(text).toContain('critical');
    expect(text).toContain(
      keyType === 'auth'
        ? 'Digital Signature, Key Encipherment'
        : 'Digital Signature, Non Repudiation',
    );
  });

  it('makes employee certificates with OU=BIN, O= and the employee EKU', () => {
    const cert = parse(employee.sign.certificatePem);
    expect(readSubject(cert)).toMatchObject({
      iin: '850505400456',
      bin: '123456789012',
      employee: true,
    });
    expect(cert.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2.2']);
    const org = pkijsParse(employee.sign.certificatePem).subject.typesAndValues.find(
      (tv) => tv.type === '2.5.4.10',
    );
    expect((org?.value as asn1js.Utf8String).valueBlock.value).toBe('ТОО «Балапан»');
  });

  it('refuses an invalid IIN, BIN or employee role', async () => {
    const base = { surname: 'A', givenName: 'B' };
    await expect(issuePersonKey(ca, 'sign', { ...base, iin: '12345' })).rejects.toThrow(/IIN/);
    await expect(
      issuePersonKey(ca, 'sign', { ...base, iin: '900101300123', bin: 'x' }),
    ).rejects.toThrow(/BIN/);
    await expect(
      issuePersonKey(ca, 'sign', {
        ...base,
        iin: '900101300123',
        bin: '123456789012',
        employeeRole: '1.2.3',
      }),
    ).rejects.toThrow(/role/);
  });

  it('takes the validity it is given', async () => {
    const key = await issuePersonKey(ca, 'auth', {
      iin: '900101300123',
      surname: 'A',
      givenName: 'B',
      notBefore: new Date('2030-01-01T00:00:00Z'),
      notAfter: new Date('2031-01-01T00:00:00Z'),
    });
    expect(key.certificate.notBefore.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(key.certificate.notAfter.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });
});

describe('PKCS#12', () => {
  it.each([
    { algorithm: '3des', info: 'pbeWithSHA1And3-KeyTripleDES-CBC' },
    { algorithm: 'aes256', info: 'AES-256-CBC' },
  ] as const)(
    'a $algorithm file opens with node-forge and its key signs',
    async ({ algorithm, info }) => {
      const p12 = toP12(person.sign, 'Пароль-123', algorithm);
      expect(p12Info(p12, 'Пароль-123')).toContain(info);
      const opened = openP12(p12, 'Пароль-123');
      expect(opened.certificatePem.replace(/\r/g, '').trim()).toBe(
        person.sign.certificatePem.trim(),
      );
      expect(() => openP12(p12, 'wrong')).toThrow();
      const cms = signCms(
        content,
        { ...opened, chainPem: person.sign.chainPem },
        { includeChain: true },
      );
      const trust = createTrustStore({ certificates: [ca.root.certificatePem] });
      const result = await verifyCms(cms, { trust, at: AT, keyType: 'sign' });
      expect(result.signer.iin).toBe('900101300123');
    },
  );

  it('can carry the issuing CA too', () => {
    const opened = openP12(toP12(person.auth, 'x', 'aes256', { includeChain: true }), 'x');
    expect(opened.chainPem).toHaveLength(1);
  });
});

describe('OpenSSL agrees with the test CA', () => {
  it('verifies the chain of the person certificates', () => {
    writeFileSync(join(dir, 'root.pem'), ca.root.certificatePem);
    writeFileSync(join(dir, 'int.pem'), ca.intermediate.certificatePem);
    writeFileSync(join(dir, 'auth.pem'), person.auth.certificatePem);
    writeFileSync(join(dir, 'sign.pem'), employee.sign.certificatePem);
    const out = openssl([
      'verify',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'int.pem'),
      join(dir, 'auth.pem'),
      join(dir, 'sign.pem'),
    ]).toString();
    expect(out).toMatch(/auth\.pem: OK[\s\S]*sign\.pem: OK/);
  });

  it('verifies a node-forge CMS (what the browser makes)', () => {
    const cms = signCms(content, person.sign, { includeChain: true, digest: 'sha512' });
    writeFileSync(join(dir, 'forge.cms'), cms);
    const out = openssl([
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      join(dir, 'forge.cms'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-binary',
    ]);
    expect(out.toString()).toBe(new TextDecoder().decode(content));
  });

  it('verifies the CRL signature and sees the revocation', async () => {
    const revoked = await issuePersonKey(ca, 'sign', {
      iin: '900101300123',
      surname: 'A',
      givenName: 'B',
    });
    const crl = await createCrl(ca, [{ serialNumberHex: revoked.serialNumberHex, reason: 1 }], {
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      nextUpdate: new Date('2027-01-01T00:00:00Z'),
      crlNumber: 7,
    });
    writeFileSync(join(dir, 'crl.der'), crl.der);
    writeFileSync(join(dir, 'crl.pem'), crl.pem);
    writeFileSync(join(dir, 'revoked.pem'), revoked.certificatePem);
    const text = execFileSync('sh', [
      '-c',
      `openssl crl -inform DER -in "${join(dir, 'crl.der')}" -CAfile "${join(dir, 'int.pem')}" -noout -text 2>&1`,
    ]).toString();
    expect(text).toContain('verify OK');
    expect(text).toContain(revoked.serialNumberHex.toUpperCase());
    expect(text).toContain('Key Compromise');
    const check = spawnSync('openssl', [
      'verify',
      '-attime',
      String(Math.floor(AT.getTime() / 1000)),
      '-crl_check',
      '-CRLfile',
      join(dir, 'crl.pem'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'int.pem'),
      join(dir, 'revoked.pem'),
    ]);
    expect(check.status).not.toBe(0);
    expect(`${check.stdout.toString()}${check.stderr.toString()}`).toMatch(/certificate revoked/);
    expect(parseCrls(crl.der)).toHaveLength(1);
    expect(parseCrls(crl.pem)).toHaveLength(1);
  });
});

describe('pki CLI', () => {
  const lines: string[] = [];
  const io = {
    out: (line: string) => lines.push(line),
    err: (line: string) => lines.push(line),
    now: () => AT,
  };
  let pki: string;
  beforeAll(() => {
    pki = join(dir, 'pki');
  });

  it('init, person (3DES and AES), revoke, crl — and the files verify', async () => {
    expect(await runCli(['init', '--dir', pki], io)).toBe(0);
    expect(await runCli(['init', '--dir', pki], io)).toBe(2); // refuses to overwrite a CA
    expect(
      await runCli(
        [
          'person',
          '--dir',
          pki,
          '--iin',
          '900101300123',
          '--surname',
          'ИВАНОВ',
          '--given-name',
          'АЙДАР',
          '--patronymic',
          'СЕРИКОВИЧ',
          '--password',
          'pw',
        ],
        io,
      ),
    ).toBe(0);
    expect(
      await runCli(
        [
          'person',
          '--dir',
          pki,
          '--iin',
          '850505400456',
          '--surname',
          'СЕРІКОВА',
          '--given-name',
          'ДИНАРА',
          '--bin',
          '123456789012',
          '--org',
          'ТОО Балапан',
          '--password',
          'pw2',
          '--aes',
          '--name',
          'staff',
          '--only',
          'sign',
          '--not-after',
          '2027-01-01T00:00:00Z',
        ],
        io,
      ),
    ).toBe(0);

    const trust = () =>
      loadTrustStore(
        [join(pki, 'root-ca.pem'), join(pki, 'intermediate-ca.pem')],
        [join(pki, 'intermediate-ca.crl'), join(pki, 'root-ca.crl.pem')],
      );
    const sign = openP12(readFileSync(join(pki, '900101300123-sign.p12')), 'pw');
    const auth = openP12(readFileSync(join(pki, '900101300123-auth.p12')), 'pw');
    const staff = openP12(readFileSync(join(pki, 'staff-sign.p12')), 'pw2');
    expect(
      (await verifyCms(signCms(content, sign), { trust: trust(), at: AT, keyType: 'sign' })).signer
        .iin,
    ).toBe('900101300123');
    expect(
      (await verifyCms(signCms(content, auth), { trust: trust(), at: AT, keyType: 'auth' })).signer
        .iin,
    ).toBe('900101300123');
    const staffResult = await verifyCms(signCms(content, staff), {
      trust: trust(),
      at: AT,
      keyType: 'sign',
    });
    expect(staffResult.signer).toMatchObject({ bin: '123456789012', employee: true });
    expect(staffResult.signer.notAfter.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(readFileSync(join(pki, '900101300123-sign.key.pem'), 'utf8')).toMatch(
      /BEGIN PRIVATE KEY/,
    );

    // revoke by certificate file: the CRL is rewritten at once
    expect(
      await runCli(
        ['revoke', '--dir', pki, '--cert', join(pki, '900101300123-sign.pem'), '--reason', '1'],
        io,
      ),
    ).toBe(0);
    const error = await verifyCms(signCms(content, sign), {
      trust: trust(),
      at: AT,
      keyType: 'sign',
    }).catch((e: unknown) => e);
    expect((error as SignatureError).code).toBe('cert_revoked');
    // the AUTH key of the same person is still good
    expect(
      (await verifyCms(signCms(content, auth), { trust: trust(), at: AT, keyType: 'auth' })).signer
        .iin,
    ).toBe('900101300123');

    // a short-lived CRL that has gone stale at AT: revocation unknown, refused
    expect(
      await runCli(
        [
          'crl',
          '--dir',
          pki,
          '--this-update',
          '2026-05-01T00:00:00Z',
          '--next-update',
          '2026-05-15T00:00:00Z',
        ],
        io,
      ),
    ).toBe(0);
    const stale = await verifyCms(signCms(content, auth), {
      trust: trust(),
      at: AT,
      keyType: 'auth',
    }).catch((e: unknown) => e);
    expect((stale as SignatureError).code).toBe('revocation_unknown');
  });

  it('revokes by serial number', async () => {
    const staffCert = parse(readFileSync(join(pki, 'staff-sign.pem'), 'utf8'));
    const hex = staffCert.serialHex.toUpperCase();
    expect(await runCli(['revoke', '--dir', pki, '--serial', hex], io)).toBe(0);
    const state = JSON.parse(readFileSync(join(pki, 'revoked.json'), 'utf8')) as {
      intermediate: { serialNumberHex: string }[];
    };
    expect(state.intermediate.map((entry) => entry.serialNumberHex)).toContain(
      hex.toLowerCase().replace(/^(00)+/, ''),
    );
    const staff = openP12(readFileSync(join(pki, 'staff-sign.p12')), 'pw2');
    const trust = loadTrustStore(
      [join(pki, 'ca-chain.pem')],
      [join(pki, 'intermediate-ca.crl.pem')],
    );
    const error = await verifyCms(signCms(content, staff), {
      trust,
      at: AT,
      keyType: 'sign',
    }).catch((e: unknown) => e);
    expect((error as SignatureError).code).toBe('cert_revoked');
  });

  it('answers a usage error with exit code 2', async () => {
    expect(await runCli([], io)).toBe(2);
    expect(await runCli(['person', '--dir', pki, '--iin', '1'], io)).toBe(2);
    expect(await runCli(['frobnicate', '--dir', pki], io)).toBe(2);
    expect(await runCli(['person', '--dir', pki, '--bogus'], io)).toBe(2);
    expect(await runCli(['crl', '--dir', join(dir, 'nothing-here')], io)).toBe(2);
  });
});
