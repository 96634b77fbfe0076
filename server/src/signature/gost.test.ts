/**
 * GOST signatures are refused by their algorithm when the CMS is read (`unsupported_algorithm`),
 * before limits, chain and revocation: the national CA issues a GOST key beside the RSA one, and
 * kezek verifies RSA only (docs/security.md, "GOST keys").
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGostAlgorithm } from './algorithms.ts';
import { ChainCache } from './chain.ts';
import { gostCms, type GostParts, type GostProfileName } from './test-ca/gost.ts';
import { signCms, type PersonKeys } from './test-ca/index.ts';
import type { TrustStore } from './trust.ts';
import { personOfTestCa } from './verifier.test-helper.ts';
import { readCms, SignatureError, verifyCms } from './verify.ts';

const AT = new Date('2026-06-01T00:00:00Z');
const content = new TextEncoder().encode('{"action":"direction.choose","nonce":"n-1"}');

let person: PersonKeys;
let trust: TrustStore;

beforeAll(async () => {
  ({ person, trust } = await personOfTestCa('GOST TEST'));
});

afterEach(() => vi.restoreAllMocks());

function refusalOf(read: () => unknown): SignatureError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return error as SignatureError;
  }
  throw new Error('the CMS was read');
}

describe('isGostAlgorithm', () => {
  it.each([
    ['1.2.398.3.10.1.1.2.2', 'the national CA’s GOST 34.10-2015 (512) key', true],
    ['1.2.398.3.10.1.1.2.1', 'its 256-bit key', true],
    ['1.2.398.3.10.1.1.2.3.2', 'GOST 34.10-2015 (512) with GOST 34.11-2015', true],
    ['1.2.398.3.10.1.1.2.3.1', 'GOST 34.10-2015 (256) with GOST 34.11-2015', true],
    ['1.2.398.3.10.1.1.1.1', 'GOST 34.310-2004 key', true],
    ['1.2.398.3.10.1.1.1.2', 'GOST 34.311-95 with GOST 34.310-2004', true],
    ['1.2.398.3.10.1.3.1', 'GOST 34.311-95', true],
    ['1.2.398.3.10.1.3.3', 'GOST 34.11-2015 (512)', true],
    ['1.3.6.1.4.1.6801.1.2.2', 'KalkanCrypt’s old GOST 34.310-2004', true],
    ['1.2.643.2.2.3', 'GOST R 34.11-94 with GOST R 34.10-2001', true],
    ['1.2.643.7.1.1.3.3', 'GOST R 34.10-2012 (512)', true],
    ['1.2.840.113549.1.1.1', 'rsaEncryption', false],
    ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption', false],
    ['1.2.840.113549.1.1.10', 'RSASSA-PSS', false],
    ['2.16.840.1.101.3.4.2.1', 'SHA-256', false],
    ['1.2.840.10045.2.1', 'an EC key', false],
    ['1.2.398.3.3.4.1.1', 'the national profile’s individual (not an algorithm)', false],
    ['1.2.398.3.10.1.1', 'the arc itself', false],
    ['1.2.6430', 'not under 1.2.643', false],
  ])('%s (%s): GOST %s', (oid, _name, gost) => {
    expect(isGostAlgorithm(oid)).toBe(gost);
  });
});

describe('a GOST CMS', () => {
  it.each<[GostProfileName, string]>([
    ['nca2015', '1.2.398.3.10.1.3.3'],
    ['nca2004', '1.2.398.3.10.1.3.1'],
    ['russian2012', '1.2.643.7.1.1.2.2'],
  ])('of the %s profile is refused as unsupported_algorithm when read', (profile, digest) => {
    const error = refusalOf(() => readCms(gostCms(content, person.sign, profile)));
    expect(error.code).toBe('unsupported_algorithm');
    expect(error.message).toBe(
      `the signer's digest algorithm is GOST (${digest}): only RSA keys are accepted`,
    );
  });

  it.each<[string, GostParts, string]>([
    [
      'an RSA certificate with a GOST digest',
      { certificate: false, signature: false },
      "the signer's digest algorithm is GOST (1.2.398.3.10.1.3.3)",
    ],
    [
      'an RSA certificate with a GOST signature algorithm',
      { certificate: false, digest: false },
      "the signer's signature algorithm is GOST (1.2.398.3.10.1.1.2.3.2)",
    ],
    [
      'a GOST certificate with RSA algorithms in the SignerInfo',
      { digest: false, signature: false },
      'the key of certificate 1 of the CMS is GOST (1.2.398.3.10.1.1.2.2)',
    ],
  ])('is refused for any GOST part: %s', (_case, parts, message) => {
    const error = refusalOf(() => readCms(gostCms(content, person.sign, 'nca2015', parts)));
    expect(error.code).toBe('unsupported_algorithm');
    expect(error.message).toBe(`${message}: only RSA keys are accepted`);
  });

  it('with no GOST part left is read as the RSA CMS it was made from', () => {
    const parts = { certificate: false, digest: false, signature: false };
    const parsed = readCms(gostCms(content, person.sign, 'nca2015', parts));
    expect(parsed.digest).toBe('SHA-256');
    expect(parsed.signer.keyAlgorithm).toBe('1.2.840.113549.1.1.1');
  });

  it('is refused by verifyCms before any chain or revocation work', async () => {
    const chains = vi.spyOn(ChainCache.prototype, 'check');
    const error = await verifyCms(gostCms(content, person.sign), {
      trust,
      at: AT,
      keyType: 'sign',
      chains: new ChainCache(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect((error as SignatureError).code).toBe('unsupported_algorithm');
    expect(chains).not.toHaveBeenCalled();
  });

  it('leaves RSA as it was: the same signer’s RSA CMS verifies', async () => {
    const verified = await verifyCms(signCms(content, person.sign, { includeChain: true }), {
      trust,
      at: AT,
      keyType: 'sign',
    });
    expect(verified.signer.iin).toBe('900101300123');
  });
});
