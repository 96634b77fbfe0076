/**
 * Verification of an EDS signature: a CMS SignedData (RFC 5652) with attached content, made with
 * a key of the national CA profile (docs/rules.md, "Keys and certificates"). The bytes are read
 * by a small reader of their own (der.ts: asn1js took as long as 50 RSA checks to decode a CMS);
 * every signature and digest is node's crypto (OpenSSL) — never node-forge, never code of our own.
 *
 * Checks, in this order (the first failure decides the code):
 *   1. structure and limits (cms.ts): BER/DER without trailing bytes, at most 64 KiB,
 *      ContentInfo/SignedData, eContentType id-data with attached content, exactly one
 *      SignerInfo whose certificate is inside the CMS, at most 8 certificates, each with an RSA
 *      key of 2048–4096 bits and an exponent below 2^32, digest SHA-1/256/384/512, signature
 *      RSA                                                               → `malformed_cms`
 *      — but a GOST digest or signature algorithm in the SignerInfo, or a GOST key in a
 *      certificate of the CMS, checked before the other limits    → `unsupported_algorithm`
 *   2. signature — contentType and messageDigest attributes, the RSA signature with exactly the
 *      certificate the signer id names                                   → `bad_signature`
 *   3. chain (chain.ts) — by names to a root of the trust store, then every link's signature,
 *      CA basic constraints, keyCertSign, path length, no unknown critical extension
 *                                                                        → `untrusted_chain`
 *   4. validity of every certificate of the chain at `at`   → `cert_not_yet_valid`/`cert_expired`
 *   5. revocation: every non-root certificate against its issuer's CRLs → `cert_revoked`; CRLs
 *      of that issuer none of which verifies, or only CRLs whose nextUpdate is past, fail closed
 *      unless the store's online source (revocation.ts: a CRL fetched from a distribution
 *      point, OCSP for the signer's certificate) answers fresh       → `revocation_unknown`
 *   6. key type: AUTH (digitalSignature+keyEncipherment, clientAuth) or SIGN (nonRepudiation,
 *      emailProtection) as asked, and a subject with `SERIALNUMBER=IIN…`  → `wrong_key_type`
 *
 * Steps 3–5 are a verdict about the signer's certificate: kept (ChainCache) and reused while
 * `at` stays inside the window where it holds and the trust store is the same generation. A
 * signer's later requests pay one read of the CMS, one digest and one RSA check (0.05 ms, see
 * docs/performance.md).
 *
 * Time is never read here: `at` (the server's injected clock) decides every date check.
 */
import { digest, verifyRsa } from './algorithms.ts';
import type { DigestName } from './algorithms.ts';
import { ChainCache } from './chain.ts';
import { CMS_OID, readCms, type ParsedCms } from './cms.ts';
import { fail, SignatureError } from './errors.ts';
import { certificateKeyTypes, commonNameOf, readSubject } from './profile.ts';
import type { KeyType, SubjectInfo } from './profile.ts';
import { toPem, type TrustStore } from './trust.ts';

export { ChainCache } from './chain.ts';
export { readCms, type ParsedCms } from './cms.ts';
export { SignatureError, type SignatureErrorCode } from './errors.ts';
export type { DigestName } from './algorithms.ts';
export type { KeyType } from './profile.ts';

/** The person fields of the signer's certificate (an IIN is required), and the certificate. */
export interface SignerIdentity extends SubjectInfo {
  iin: string;
  /** Lower-case hex of the serial number, without leading zero bytes. */
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
  certificatePem: string;
  /** Issuer CN of the signer certificate. */
  issuerCommonName: string | null;
}

export interface VerifiedCms {
  /** The encapsulated content, byte for byte as signed. */
  content: Uint8Array;
  signer: SignerIdentity;
  /** The signingTime signed attribute, if present (informative: the signer's clock). */
  signedAt: Date | null;
  digestAlgorithm: DigestName;
}

export interface VerifyCmsOptions {
  trust: TrustStore;
  /** The instant at which certificates and CRLs must be valid (the server's clock). */
  at: Date;
  keyType: KeyType;
  /** Where chain verdicts are kept; by default one cache for the process. */
  chains?: ChainCache;
}

const processChains = new ChainCache();

function checkSignature(parsed: ParsedCms): void {
  if (parsed.signedContentType !== null && parsed.signedContentType !== CMS_OID.data) {
    fail('bad_signature', 'the signed contentType does not match the content');
  }
  if (
    parsed.messageDigest !== null &&
    !digest(parsed.digest, parsed.content).equals(parsed.messageDigest)
  ) {
    fail('bad_signature', 'the content does not match the signed messageDigest');
  }
  const signed = parsed.signedAttributes ?? parsed.content;
  // readCms let only RSA keys through by their encoding; a key node cannot read verifies nothing.
  const key = parsed.signer.publicKey;
  if (!key || !verifyRsa(parsed.scheme, signed, key, parsed.signature)) {
    fail('bad_signature', 'the signature does not verify');
  }
}

/**
 * Verifies a CMS that {@link readCms} read; see the module comment for the checks and codes. The
 * trust store's online source is told how each verification ended (GET /metrics counts them).
 */
export async function verifyParsedCms(
  parsed: ParsedCms,
  options: VerifyCmsOptions,
): Promise<VerifiedCms> {
  const { at } = options;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('invalid `at`');
  const told = options.trust.online;
  try {
    const verified = await verifyChecked(parsed, options);
    told?.verified?.('valid');
    return verified;
  } catch (error) {
    if (error instanceof SignatureError) told?.verified?.(error.code);
    throw error;
  }
}

async function verifyChecked(parsed: ParsedCms, options: VerifyCmsOptions): Promise<VerifiedCms> {
  const { trust, at, keyType } = options;
  checkSignature(parsed);
  const signer = parsed.signer;
  await (options.chains ?? processChains).check(signer, parsed.certificates, trust, at);

  const types = certificateKeyTypes(signer);
  if (!types.has(keyType)) {
    const wanted = keyType === 'auth' ? 'an AUTH key (sign-in)' : 'a SIGN key (signing)';
    const found = types.has('auth') ? 'an AUTH key' : types.has('sign') ? 'a SIGN key' : 'neither';
    fail('wrong_key_type', `${wanted} is required; this certificate is ${found}`);
  }
  const subject = readSubject(signer);
  if (subject.iin === null) {
    fail('wrong_key_type', 'the certificate carries no IIN (SERIALNUMBER=IIN…)');
  }
  return {
    content: parsed.content,
    signedAt: parsed.signingTime,
    digestAlgorithm: parsed.digest,
    signer: {
      ...subject,
      iin: subject.iin,
      serialNumberHex: signer.serialHex,
      notBefore: signer.notBefore,
      notAfter: signer.notAfter,
      certificatePem: toPem(signer.der, 'CERTIFICATE'),
      issuerCommonName: commonNameOf(signer.issuer),
    },
  };
}

/** The IIN of the signer's certificate as sent, before anything is verified. */
export function signerIinClaimed(parsed: ParsedCms): string | null {
  return readSubject(parsed.signer).iin;
}

/**
 * Verifies a CMS SignedData with attached content and returns the content and the signer, or
 * throws a {@link SignatureError}: {@link readCms} and then {@link verifyParsedCms}.
 */
export async function verifyCms(cms: Uint8Array, options: VerifyCmsOptions): Promise<VerifiedCms> {
  return verifyParsedCms(readCms(cms), options);
}
