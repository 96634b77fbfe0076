/**
 * The limits readCms applies before any signature math: a hostile CMS whose chain would be
 * expensive to check (look-alike CA certificates with huge keys or exponents, many
 * certificates, many bytes) is refused by the limit, and says so. Speed itself is the bench's.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expensiveChainCms, HUGE_EXPONENT, lookAlikeCa, modulus2048 } from './test-ca/hostile.ts';
import { signCms } from './test-ca/index.ts';
import type { PersonKeys, TestCa } from './test-ca/index.ts';
import type { TrustStore } from './trust.ts';
import { personOfTestCa } from './verifier.test-helper.ts';
import { readCms, SignatureError, verifyCms, verifyParsedCms } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const content = new TextEncoder().encode('{"action":"direction.choose","nonce":"n-1"}');

let ca: TestCa;
let person: PersonKeys;
let trust: TrustStore;
let modulus: string;

beforeAll(async () => {
  ({ ca, person, trust } = await personOfTestCa());
  modulus = await modulus2048();
});

/** A made-up odd modulus of `bits` bits. */
const madeUpModulus = (bits: number) => {
  const n = randomBytes(bits / 8);
  n[0]! |= 0x80;
  n[n.length - 1]! |= 1;
  return n.toString('base64url');
};

async function refusal(cms: Uint8Array): Promise<SignatureError> {
  const error = await verifyCms(cms, { trust, at: AT, keyType: 'sign' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SignatureError);
  return error as SignatureError;
}

describe('readCms refuses by its limits, before any signature is checked', () => {
  it('15 look-alike CA certificates with a 3 070-bit exponent: the certificate count', async () => {
    const cms = await expensiveChainCms(ca, person.sign, content);
    const error = await refusal(cms);
    expect(error.code).toBe('malformed_cms');
    expect(error.message).toBe('too many certificates in the CMS (16; the limit is 8)');
  });

  it('look-alike CA certificates with a 3 070-bit exponent, fewer than the count limit', async () => {
    const lookAlike = await lookAlikeCa(ca, { n: modulus, e: HUGE_EXPONENT });
    const cms = signCms(content, person.sign, { extraCertificates: [lookAlike, lookAlike] });
    const error = await refusal(cms);
    expect(error.code).toBe('malformed_cms');
    expect(error.message).toBe(
      'certificate 2 of the CMS has an RSA public exponent of 3070 bits, beyond the limit of 32',
    );
  });

  it.each([8192, 1024])('a look-alike CA certificate with a %i-bit key', async (bits) => {
    const lookAlike = await lookAlikeCa(ca, { n: madeUpModulus(bits), e: 'AQAB' });
    const error = await refusal(signCms(content, person.sign, { extraCertificates: [lookAlike] }));
    expect(error.code).toBe('malformed_cms');
    expect(error.message).toBe(
      `certificate 2 of the CMS has an RSA key of ${bits} bits, outside the limit of 2048–4096`,
    );
  });

  it('nine certificates: the signer and eight copies of the issuing CA', async () => {
    const cms = signCms(content, person.sign, {
      extraCertificates: Array.from({ length: 8 }, () => ca.intermediate.certificatePem),
    });
    const error = await refusal(cms);
    expect(error.code).toBe('malformed_cms');
    expect(error.message).toBe('too many certificates in the CMS (9; the limit is 8)');
  });

  it('more than 64 KiB', async () => {
    const big = new TextEncoder().encode(JSON.stringify({ action: 'x', pad: 'x'.repeat(70_000) }));
    const error = await refusal(signCms(big, person.sign));
    expect(error.code).toBe('malformed_cms');
    expect(error.message).toMatch(/^the CMS is \d+ bytes, beyond the limit of 65536$/);
  });

  it('accepts eight certificates: the count limit is inclusive', async () => {
    const cms = signCms(content, person.sign, {
      extraCertificates: Array.from({ length: 7 }, () => ca.intermediate.certificatePem),
    });
    const verified = await verifyCms(cms, { trust, at: AT, keyType: 'sign' });
    expect(verified.signer.iin).toBe('900101300123');
  });
});

describe('readCms', () => {
  it('reads the content without judging the signature; verifyParsedCms judges it', async () => {
    const cms = Buffer.from(signCms(content, person.sign));
    const at = cms.indexOf(Buffer.from('"n-1"'));
    cms.write('"n-2"', at, 'latin1');
    const parsed = readCms(new Uint8Array(cms));
    expect(new TextDecoder().decode(parsed.content)).toContain('"n-2"');
    expect(parsed.signer.serialHex).toBe(person.sign.serialNumberHex);
    const error = await verifyParsedCms(parsed, { trust, at: AT, keyType: 'sign' }).catch(
      (e: unknown) => e,
    );
    expect((error as SignatureError).code).toBe('bad_signature');
  });

  it('throws malformed_cms synchronously, without a promise', () => {
    expect(() => readCms(new Uint8Array([0x30, 0x80]))).toThrow(SignatureError);
  });
});
