import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  createCrl,
  createTestCa,
  issuePersonKey,
  issuePersonKeys,
  signCms,
} from './test-ca/index.ts';
import type { CmsSigner, IssuedKey, PersonKeys, SignCmsOptions, TestCa } from './test-ca/index.ts';
import { createTrustStore } from './trust.ts';
import type { TrustStore } from './trust.ts';
import { SignatureError, verifyCms } from './verify.ts';
import type { KeyType, SignatureErrorCode, VerifiedCms } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const CRL_DATES = {
  thisUpdate: new Date('2026-05-01T00:00:00Z'),
  nextUpdate: new Date('2026-07-01T00:00:00Z'),
};
const PERSON = {
  iin: '900101300123',
  surname: 'ИВАНОВ',
  givenName: 'АЙДАР',
  patronymic: 'СЕРИКОВИЧ',
};
const payload = (action = 'choose') =>
  new TextEncoder().encode(JSON.stringify({ action, nonce: 'n-123', kindergartenId: 7 }));

async function codeOf(promise: Promise<unknown>): Promise<SignatureErrorCode | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
}

let ca: TestCa;
let otherCa: TestCa;
let impostorCa: TestCa;
let person: PersonKeys;
let employee: PersonKeys;
let expired: IssuedKey;
let notYetValid: IssuedKey;
let revoked: IssuedKey;
let trust: TrustStore;
let rootOnlyTrust: TrustStore;

function trustFor(testCa: TestCa, crls: string[] = []): TrustStore {
  return createTrustStore({
    certificates: [testCa.root.certificatePem, testCa.intermediate.certificatePem],
    crls,
  });
}

beforeAll(async () => {
  [ca, otherCa, impostorCa] = await Promise.all([
    createTestCa(),
    createTestCa({ label: 'OTHER' }),
    createTestCa(), // same names as `ca`, other keys
  ]);
  person = await issuePersonKeys(ca, PERSON);
  employee = await issuePersonKeys(ca, {
    iin: '850505400456',
    surname: 'СЕРІКОВА',
    givenName: 'ДИНАРА',
    bin: '123456789012',
    organization: 'ГККП «Ясли-сад Балапан»',
  });
  expired = await issuePersonKey(ca, 'sign', {
    ...PERSON,
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  notYetValid = await issuePersonKey(ca, 'sign', {
    ...PERSON,
    notBefore: new Date('2027-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
  });
  revoked = await issuePersonKey(ca, 'sign', PERSON);
  const crl = await createCrl(ca, [revoked.serialNumberHex], CRL_DATES);
  trust = trustFor(ca, [crl.pem]);
  rootOnlyTrust = createTrustStore({ certificates: [ca.root.certificatePem], crls: [crl.pem] });
});

describe('verifyCms accepts', () => {
  const cases: {
    name: string;
    key: () => CmsSigner;
    keyType: KeyType;
    sign?: SignCmsOptions;
    store?: () => TrustStore;
  }[] = [
    {
      name: 'AUTH, chain in the CMS',
      key: () => person.auth,
      keyType: 'auth',
      sign: { includeChain: true },
    },
    { name: 'AUTH, intermediate from the trust store', key: () => person.auth, keyType: 'auth' },
    {
      name: 'SIGN, chain in the CMS',
      key: () => person.sign,
      keyType: 'sign',
      sign: { includeChain: true },
    },
    { name: 'SIGN, intermediate from the trust store', key: () => person.sign, keyType: 'sign' },
    {
      name: 'SIGN, trust store holds only the root, intermediate in the CMS',
      key: () => person.sign,
      keyType: 'sign',
      sign: { includeChain: true },
      store: () => rootOnlyTrust,
    },
    { name: 'SHA-1 digest', key: () => person.sign, keyType: 'sign', sign: { digest: 'sha1' } },
    { name: 'SHA-384 digest', key: () => person.sign, keyType: 'sign', sign: { digest: 'sha384' } },
    { name: 'SHA-512 digest', key: () => person.sign, keyType: 'sign', sign: { digest: 'sha512' } },
  ];

  it.each(cases)('$name', async ({ key, keyType, sign, store }) => {
    const content = payload();
    const signingTime = new Date('2026-05-31T12:34:56Z');
    const cms = signCms(content, key(), { signingTime, ...sign });
    const result = await verifyCms(cms, { trust: store?.() ?? trust, at: AT, keyType });
    expect(Buffer.from(result.content).equals(Buffer.from(content))).toBe(true);
    expect(result.signedAt?.toISOString()).toBe(signingTime.toISOString());
    expect(result.digestAlgorithm).toBe(
      { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' }[
        sign?.digest ?? 'sha256'
      ],
    );
    expect(result.signer).toMatchObject({
      iin: PERSON.iin,
      bin: null,
      employee: false,
      commonName: 'ИВАНОВ АЙДАР',
      surname: 'ИВАНОВ',
      givenName: 'СЕРИКОВИЧ',
      firstName: 'АЙДАР',
      issuerCommonName: 'KEZEK TEST NCA (RSA)',
    });
  });

  it('reports the signer certificate byte for byte, its serial and validity', async () => {
    const result = await verifyCms(signCms(payload(), person.sign), {
      trust,
      at: AT,
      keyType: 'sign',
    });
    expect(result.signer.certificatePem.trim()).toBe(person.sign.certificatePem.trim());
    expect(result.signer.serialNumberHex).toBe(person.sign.serialNumberHex);
    expect(result.signer.notAfter.toISOString()).toBe(
      person.sign.certificate.notAfter.toISOString(),
    );
  });

  it('reads BIN and employee from a legal-entity employee certificate', async () => {
    for (const keyType of ['auth', 'sign'] as const) {
      const result: VerifiedCms = await verifyCms(signCms(payload(), employee[keyType]), {
        trust,
        at: AT,
        keyType,
      });
      expect(result.signer).toMatchObject({
        iin: '850505400456',
        bin: '123456789012',
        employee: true,
        givenName: null,
        firstName: 'ДИНАРА',
      });
    }
  });

  it('accepts a certificate not listed in a current CRL of its issuer', async () => {
    expect(
      await codeOf(verifyCms(signCms(payload(), person.sign), { trust, at: AT, keyType: 'sign' })),
    ).toBe('ok');
  });
});

/** Re-encodes a CMS with other attached content, keeping the signer info as it was. */
function withContent(cms: Uint8Array, content: Uint8Array): Uint8Array {
  const info = pkijs.ContentInfo.fromBER(Uint8Array.from(cms));
  const signedData = new pkijs.SignedData({ schema: info.content });
  signedData.encapContentInfo.eContent = new asn1js.OctetString({
    valueHex: Uint8Array.from(content).buffer,
  });
  const out = new pkijs.ContentInfo({
    contentType: info.contentType,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(out.toSchema().toBER());
}

/** Replaces the first occurrence of `from` with `to` (same length) in the DER bytes. */
function patch(cms: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const buffer = Buffer.from(cms);
  const index = buffer.indexOf(Buffer.from(from));
  if (index < 0 || from.length !== to.length) throw new Error('patch target not found');
  Buffer.from(to).copy(buffer, index);
  return new Uint8Array(buffer);
}

describe('verifyCms refuses', () => {
  const enc = new TextEncoder();
  const cases: {
    name: string;
    code: SignatureErrorCode;
    cms: () => Promise<Uint8Array> | Uint8Array;
    keyType?: KeyType;
    store?: () => TrustStore | Promise<TrustStore>;
  }[] = [
    {
      name: 'garbage bytes',
      code: 'malformed_cms',
      cms: () => enc.encode('not a signature at all'),
    },
    { name: 'empty input', code: 'malformed_cms', cms: () => new Uint8Array() },
    {
      name: 'DER that is not a ContentInfo (a certificate)',
      code: 'malformed_cms',
      cms: () => new Uint8Array(person.sign.certificate.rawData),
    },
    {
      name: 'trailing bytes after the CMS',
      code: 'malformed_cms',
      cms: () => new Uint8Array([...signCms(payload(), person.sign), 0, 0]),
    },
    {
      name: 'a detached signature (no attached content)',
      code: 'malformed_cms',
      cms: () => signCms(payload(), person.sign, { detached: true }),
    },
    {
      name: 'two signers',
      code: 'malformed_cms',
      cms: () => signCms(payload(), person.sign, { extraSigners: [employee.sign] }),
    },
    {
      name: 'more than 16 certificates in the CMS',
      code: 'malformed_cms',
      cms: () =>
        signCms(payload(), person.sign, {
          extraCertificates: Array.from({ length: 16 }, () => ca.intermediate.certificatePem),
        }),
    },
    {
      name: 'no signer certificate in the CMS',
      code: 'malformed_cms',
      cms: () => signCms(payload(), person.sign, { includeCertificate: false }),
    },
    {
      name: 'tampered content, same length (byte patched)',
      code: 'bad_signature',
      cms: () =>
        patch(
          signCms(payload('choose'), person.sign),
          enc.encode('"choose"'),
          enc.encode('"chooze"'),
        ),
    },
    {
      name: 'tampered content, re-encoded CMS',
      code: 'bad_signature',
      cms: () => withContent(signCms(payload('choose'), person.sign), payload('leave-queue')),
    },
    {
      // pkijs compares names with localeCompare, which ignores a soft hyphen: a certificate of
      // the attacker placed first must not lend its key to the victim's certificate.
      name: "an attacker's look-alike certificate with the victim's issuer and serial",
      code: 'bad_signature',
      cms: async () => {
        const algorithm = {
          name: 'RSASSA-PKCS1-v1_5',
          hash: 'SHA-256',
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: 2048,
        };
        const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
        const lookAlike = await x509.X509CertificateGenerator.create(
          {
            serialNumber: person.sign.serialNumberHex,
            subject: 'CN=ATTACKER',
            issuer: new x509.Name([
              { '2.5.4.3': [{ utf8String: 'KEZEK TEST NCA (RSA)\u00ad' }] },
              { '2.5.4.10': [{ utf8String: 'KEZEK TEST PKI' }] },
              { '2.5.4.6': [{ printableString: 'KZ' }] },
            ]),
            publicKey: keys.publicKey as never,
            signingKey: keys.privateKey as never,
            signingAlgorithm: algorithm,
          },
          webcrypto as never,
        );
        const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
        const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64')}\n-----END PRIVATE KEY-----\n`;
        // sid = the victim's issuer and serial; signed with the attacker's key
        return signCms(
          payload(),
          { privateKeyPem, certificatePem: person.sign.certificatePem },
          {
            includeCertificate: false,
            extraCertificates: [lookAlike.toString('pem'), person.sign.certificatePem],
          },
        );
      },
    },
    {
      name: 'tampered signature value',
      code: 'bad_signature',
      cms: () => {
        const cms = signCms(payload(), person.sign);
        const copy = new Uint8Array(cms);
        copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0xff; // inside the RSA signature
        return copy;
      },
    },
    {
      name: 'tampered signed attribute (signingTime)',
      code: 'bad_signature',
      cms: () =>
        patch(
          signCms(payload(), person.sign, { signingTime: new Date('2026-05-31T12:34:56Z') }),
          enc.encode('260531123456Z'),
          enc.encode('260531123457Z'),
        ),
    },
    {
      name: 'expired certificate',
      code: 'cert_expired',
      cms: () => signCms(payload(), expired, { includeChain: true }),
    },
    {
      name: 'not yet valid certificate',
      code: 'cert_not_yet_valid',
      cms: () => signCms(payload(), notYetValid),
    },
    {
      name: 'certificate revoked by the CRL',
      code: 'cert_revoked',
      cms: () => signCms(payload(), revoked),
    },
    {
      name: 'another CA (untrusted root), chain in the CMS',
      code: 'untrusted_chain',
      cms: async () =>
        signCms(payload(), await issuePersonKey(otherCa, 'sign', PERSON), { includeChain: true }),
    },
    {
      name: 'an impostor CA with the trusted names but other keys',
      code: 'untrusted_chain',
      cms: async () =>
        signCms(payload(), await issuePersonKey(impostorCa, 'sign', PERSON), {
          includeChain: true,
        }),
    },
    {
      name: 'no intermediate in the CMS nor in the trust store',
      code: 'untrusted_chain',
      cms: () => signCms(payload(), person.sign),
      store: () => rootOnlyTrust,
    },
    {
      name: 'an "intermediate" that is not a CA (a person certificate)',
      code: 'untrusted_chain',
      cms: async () => {
        const forged = await issuePersonKey({ root: ca.root, intermediate: person.sign }, 'sign', {
          ...PERSON,
          iin: '010101500111',
        });
        return signCms(
          payload(),
          { ...forged, chainPem: [person.sign.certificatePem] },
          {
            includeChain: true,
          },
        );
      },
    },
    {
      name: 'an expired intermediate',
      code: 'cert_expired',
      cms: async () => {
        const key = await issuePersonKey(expiredIntermediateCa, 'sign', PERSON);
        return signCms(payload(), key, { includeChain: true });
      },
      store: () => createTrustStore({ certificates: [expiredIntermediateCa.root.certificatePem] }),
    },
    {
      name: 'an intermediate revoked by the root CRL',
      code: 'cert_revoked',
      cms: () => signCms(payload(), person.sign),
      store: async () => {
        const rootCrl = await createCrl(
          ca.root,
          [ca.intermediate.certificate.serialNumber],
          CRL_DATES,
        );
        return trustFor(ca, [rootCrl.pem]);
      },
    },
    {
      name: 'a good certificate whose issuer CRL is out of date',
      code: 'revocation_unknown',
      cms: () => signCms(payload(), person.sign),
      store: async () => {
        const stale = await createCrl(ca, [], {
          thisUpdate: new Date('2026-01-01T00:00:00Z'),
          nextUpdate: new Date('2026-02-01T00:00:00Z'),
        });
        return trustFor(ca, [stale.pem]);
      },
    },
    {
      name: 'a good certificate whose issuer CRL does not verify (signed by an impostor)',
      code: 'revocation_unknown',
      cms: () => signCms(payload(), person.sign),
      store: async () => trustFor(ca, [(await createCrl(impostorCa, [], CRL_DATES)).pem]),
    },
    {
      name: 'AUTH key where SIGN is required',
      code: 'wrong_key_type',
      cms: () => signCms(payload(), person.auth),
      keyType: 'sign',
    },
    {
      name: 'SIGN key where AUTH is required',
      code: 'wrong_key_type',
      cms: () => signCms(payload(), person.sign),
      keyType: 'auth',
    },
    {
      name: 'employee AUTH key where SIGN is required',
      code: 'wrong_key_type',
      cms: () => signCms(payload(), employee.auth),
      keyType: 'sign',
    },
  ];

  let expiredIntermediateCa: TestCa;
  beforeAll(async () => {
    expiredIntermediateCa = await createTestCa({
      label: 'OLD',
      intermediate: {
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2026-01-01T00:00:00Z'),
      },
    });
  });

  it.each(cases)('$name → $code', async ({ cms, code, keyType, store }) => {
    const bytes = await cms();
    const result = await codeOf(
      verifyCms(bytes, { trust: (await store?.()) ?? trust, at: AT, keyType: keyType ?? 'sign' }),
    );
    expect(result).toBe(code);
  });

  it('gives the error a message and the SignatureError class', async () => {
    const error = await verifyCms(new Uint8Array([1, 2, 3]), {
      trust,
      at: AT,
      keyType: 'sign',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect((error as SignatureError).name).toBe('SignatureError');
    expect((error as SignatureError).message).toMatch(/SignedData/);
  });

  it('decides validity by `at` only: the boundaries are inclusive', async () => {
    const cms = signCms(payload(), expired);
    const notAfter = expired.certificate.notAfter;
    const notBefore = expired.certificate.notBefore;
    const noCrlTrust = trustFor(ca);
    const at = (date: Date) =>
      codeOf(verifyCms(cms, { trust: noCrlTrust, at: date, keyType: 'sign' }));
    expect(await at(notAfter)).toBe('ok');
    expect(await at(new Date(notAfter.getTime() + 1000))).toBe('cert_expired');
    expect(await at(notBefore)).toBe('ok');
    expect(await at(new Date(notBefore.getTime() - 1000))).toBe('cert_not_yet_valid');
  });
});
