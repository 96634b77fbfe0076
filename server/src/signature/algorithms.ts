/**
 * The digest and signature algorithms the verifier accepts, and the signature check itself:
 * node's crypto (OpenSSL) on a public KeyObject. RSA only, as the national CA's RSA profile
 * signs: PKCS#1 v1.5 or PSS, with SHA-1/256/384/512.
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
