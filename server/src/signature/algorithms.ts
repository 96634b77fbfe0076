/**
 * The digest and signature algorithms the verifier accepts, and the signature check itself:
 * node's crypto (OpenSSL) on a public KeyObject. RSA only, as the national CA's RSA profile
 * signs: PKCS#1 v1.5 or PSS, with SHA-1/256/384/512; GOST is recognised only to be refused.
 */
import { createHash, constants, verify, type KeyObject } from 'node:crypto';
import { DerError, childrenOf, is, oid, sequence, smallInteger, TAG_CLASS } from './der.ts';
import type { Element } from './der.ts';

export type DigestName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const DIGESTS: Readonly<Record<string, DigestName>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const NODE_HASH: Readonly<Record<DigestName, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

/** sha…WithRSAEncryption: PKCS#1 v1.5 with the hash the identifier names. */
const RSA_PKCS1: Readonly<Record<string, DigestName>> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

/**
 * The GOST algorithms: refused as `unsupported_algorithm` when the CMS is read, before any other
 * work (docs/security.md, "GOST keys"). The national CA (НУЦ РК) issues a GOST key beside the RSA
 * key of a person or an employee; no maintained npm library verifies GOST signatures, and kezek
 * writes no curve arithmetic of its own. The identifiers, as the national CA and KalkanCrypt
 * write them, were read from real certificates and CMS of the national CA's test PKI:
 *   - GOST 34.10-2015 (512 bits): key 1.2.398.3.10.1.1.2.2 with parameters
 *     1.2.398.3.10.1.1.2.2.1 and hash 1.2.398.3.10.1.3.3 (GOST 34.11-2015, 512), signature
 *     1.2.398.3.10.1.1.2.3.2 — the certificate `internal/testdata/test/certs/gost2.cer` of
 *     github.com/gokalkan/gokalkan (issued by "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022") and
 *     the CMS `testdata/cms/individual_attached.der` of github.com/skarm/kalkan; its 256-bit forms,
 *     1.2.398.3.10.1.1.2.1 (key), 1.2.398.3.10.1.3.2 (hash) and 1.2.398.3.10.1.1.2.3.1
 *     (signature), are in KalkanCrypt's table of algorithm names (quoted in skarm/kalkan's tests);
 *   - GOST 34.310-2004 with GOST 34.311-95: key 1.2.398.3.10.1.1.1.1 (parameters
 *     1.2.398.3.10.1.1.1.1.1), hash 1.2.398.3.10.1.3.1, signature 1.2.398.3.10.1.1.1.2 (a
 *     KalkanCrypt CMS names the key's identifier as its signature algorithm) — gokalkan's
 *     `internal/testdata/test/ca/root_gost_test.crt`, skarm/kalkan's
 *     `testdata/examples/test_CMS_GOST.txt`;
 *   - 1.3.6.1.4.1.6801.1.2.2, "GOST Old 34.311-95 with GOST Old 34.310-2004" in the same table;
 *   - Russian GOST R 34.10/34.11 (CryptoPro, TC 26: RFC 4491, RFC 9215): all of 1.2.643.
 * So every identifier under the national CA's GOST arcs 1.2.398.3.10.1.1 (signature and key) and
 * 1.2.398.3.10.1.3 (hash), and under 1.2.643, is GOST.
 */
const GOST_ARCS = ['1.2.398.3.10.1.1.', '1.2.398.3.10.1.3.', '1.2.643.'] as const;
const GOST_OIDS: ReadonlySet<string> = new Set(['1.3.6.1.4.1.6801.1.2.2']);

/** Whether an algorithm identifier (digest, signature or public key) is a GOST one. */
export function isGostAlgorithm(oid: string): boolean {
  return GOST_OIDS.has(oid) || GOST_ARCS.some((arc) => oid.startsWith(arc));
}

export interface AlgorithmIdentifier {
  oid: string;
  parameters: Element | undefined;
}

export function algorithmIdentifier(element: Element | undefined, what: string) {
  const [id, parameters] = sequence(element, what);
  return { oid: oid(id, what), parameters } satisfies AlgorithmIdentifier;
}

export function digest(name: DigestName, ...parts: Uint8Array[]): Buffer {
  const hash = createHash(NODE_HASH[name]);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** How an RSA signature is checked: PKCS#1 v1.5, or PSS with its salt length. */
export interface RsaScheme {
  hash: DigestName;
  pssSaltLength: number | null;
}

/** The digest named by a hash AlgorithmIdentifier inside PSS parameters ([n] EXPLICIT). */
function pssHash(field: Element | undefined): DigestName | undefined {
  if (!field) return 'SHA-1';
  return DIGESTS[algorithmIdentifier(childrenOf(field)[0], 'a PSS hash').oid];
}

/** RSASSA-PSS-params (RFC 4055); defaults SHA-1, MGF1 with SHA-1, salt 20, trailer 1. */
function pssScheme(parameters: Element | undefined): RsaScheme | null {
  const fields = parameters && parameters.tagNumber !== 5 ? sequence(parameters, 'PSS') : [];
  const field = (n: number) => fields.find((f) => is(f, TAG_CLASS.context, n));
  const hash = pssHash(field(0));
  const mgf = field(1) && algorithmIdentifier(childrenOf(field(1)!)[0], 'the PSS mask');
  if (mgf && mgf.oid !== MGF1) return null;
  const mgfHash = mgf ? DIGESTS[algorithmIdentifier(mgf.parameters, 'MGF1').oid] : 'SHA-1';
  const saltLength = field(2) ? smallInteger(childrenOf(field(2)!)[0], 'PSS salt') : 20;
  const trailer = field(3) ? smallInteger(childrenOf(field(3)!)[0], 'PSS trailer') : 1;
  // node's PSS check uses the signature's hash for MGF1 too.
  if (!hash || mgfHash !== hash || trailer !== 1) return null;
  return { hash, pssSaltLength: saltLength };
}

/**
 * The RSA scheme of a signature algorithm, or null when it is not one this verifier accepts.
 * `contentDigest` is the CMS signer's digest algorithm: a CMS signature is checked with it (a
 * bare rsaEncryption names no hash), as pkijs did.
 */
export function rsaScheme(
  algorithm: AlgorithmIdentifier,
  contentDigest?: DigestName,
): RsaScheme | null {
  try {
    if (algorithm.oid === RSA_PSS) return pssScheme(algorithm.parameters);
  } catch (error) {
    if (error instanceof DerError) return null;
    throw error;
  }
  const named = RSA_PKCS1[algorithm.oid];
  if (named) return { hash: contentDigest ?? named, pssSaltLength: null };
  if (algorithm.oid === RSA_ENCRYPTION && contentDigest) {
    return { hash: contentDigest, pssSaltLength: null };
  }
  return null;
}

/** A certificate or CRL: its signed part, and its issuer's signature over it. */
export interface SignedPart {
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

/** Whether the signature of a certificate or CRL verifies with `key` (an issuer's). */
export function signedWith(signed: SignedPart, key: KeyObject | null): boolean {
  const scheme = rsaScheme(signed.signatureAlgorithm);
  return scheme !== null && key !== null && verifyRsa(scheme, signed.tbs, key, signed.signature);
}

/** Whether `signature` over `data` verifies with `key` (node's crypto; never throws). */
export function verifyRsa(
  scheme: RsaScheme,
  data: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
): boolean {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'rsa-pss') return false;
  try {
    return verify(
      NODE_HASH[scheme.hash],
      data,
      scheme.pssSaltLength === null
        ? { key, padding: constants.RSA_PKCS1_PADDING }
        : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength },
      signature,
    );
  } catch {
    return false;
  }
}
