/**
 * Reading a CMS SignedData (RFC 5652) with attached content, once, with its limits first and no
 * signature math: what the signed-action gate may read before it verifies (cheap refusals), and
 * what verification then checks. Every refusal here is `malformed_cms`, but a GOST algorithm's.
 *
 * GOST first: a SignerInfo whose digest or signature algorithm is a GOST one, or a certificate
 * with a GOST key, is `unsupported_algorithm` (algorithms.ts, isGostAlgorithm), so that a person
 * who chose their GOST key is told to use the RSA one, and no limit, chain or revocation work is
 * done for it.
 *
 * Limits, each refused before the work it would cause:
 *   - at most 64 KiB of DER (an action's JSON and a chain are a few kilobytes);
 *   - at most 8 certificates (a real chain needs at most 4): each is parsed and may become a
 *     path-building candidate;
 *   - every certificate's key RSA of 2048–4096 bits with a public exponent below 2^32 (65 537 in
 *     practice): the cost of an RSA check grows with both, and a 3 070-bit exponent made each
 *     check of a hostile chain take milliseconds;
 *   - one signer, digest SHA-1/256/384/512, signature RSA (PKCS#1 v1.5 or PSS).
 */
import { createHash } from 'node:crypto';
import { algorithmIdentifier, DIGESTS, isGostAlgorithm, rsaScheme } from './algorithms.ts';
import type { DigestName, RsaScheme } from './algorithms.ts';
import { readCertificate, readName, serialHex, type Certificate } from './certificate.ts';
import {
  childrenOf,
  DerError,
  is,
  octetString,
  oid,
  primitive,
  readElement,
  sequence,
  TAG,
  TAG_CLASS,
  time,
} from './der.ts';
import type { Element } from './der.ts';
import { fail, SignatureError } from './errors.ts';

const CMS_LIMITS = {
  bytes: 64 * 1024,
  certificates: 8,
  minKeyBits: 2048,
  maxKeyBits: 4096,
  /** Exclusive: exponents of at most 32 bits. */
  maxPublicExponent: 2n ** 32n,
} as const;

export const CMS_OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

export interface ParsedCms {
  /** The encapsulated content, byte for byte as (supposedly) signed: NOT verified yet. */
  content: Uint8Array;
  /** The certificates the CMS carries, each within the key limits. */
  certificates: readonly Certificate[];
  /** The certificate the signer id names: the signature is checked with its key only. */
  signer: Certificate;
  digest: DigestName;
  scheme: RsaScheme;
  /** The signed attributes as the signature covers them (a DER SET), or null: content signed directly. */
  signedAttributes: Uint8Array | null;
  messageDigest: Uint8Array | null;
  /** The contentType signed attribute, or null without signed attributes. */
  signedContentType: string | null;
  signingTime: Date | null;
  signature: Uint8Array;
}

/** Why a certificate's key is outside the limits, or null when it is within. */
function keyOutsideLimits(cert: Certificate): string | null {
  if (!cert.rsa) return 'a key that is not RSA';
  const { modulusBits: modulusLength, exponent: publicExponent } = cert.rsa;
  if (modulusLength < CMS_LIMITS.minKeyBits || modulusLength > CMS_LIMITS.maxKeyBits) {
    return `an RSA key of ${modulusLength} bits, outside the limit of ${CMS_LIMITS.minKeyBits}–${CMS_LIMITS.maxKeyBits}`;
  }
  if (publicExponent >= CMS_LIMITS.maxPublicExponent || publicExponent < 3n) {
    return `an RSA public exponent of ${publicExponent.toString(2).length} bits, beyond the limit of 32`;
  }
  return null;
}

/** Refuses a GOST algorithm: kezek verifies RSA only (see isGostAlgorithm). */
function refuseGost(algorithm: string, what: string): void {
  if (isGostAlgorithm(algorithm)) {
    fail('unsupported_algorithm', `${what} is GOST (${algorithm}): only RSA keys are accepted`);
  }
}

function readCertificates(field: Element | undefined): Certificate[] {
  if (!field) return [];
  const choices = childrenOf(field);
  if (choices.length > CMS_LIMITS.certificates) {
    fail(
      'malformed_cms',
      `too many certificates in the CMS (${choices.length}; the limit is ${CMS_LIMITS.certificates})`,
    );
  }
  // Other CertificateChoices (attribute certificates…) are not X.509 certificates: ignored.
  const certificates = choices.filter((choice) => is(choice, TAG_CLASS.universal, TAG.sequence));
  return certificates.map((choice, index) => {
    const cert = readCertificate(choice.bytes);
    refuseGost(cert.keyAlgorithm, `the key of certificate ${index + 1} of the CMS`);
    const outside = keyOutsideLimits(cert);
    if (outside) fail('malformed_cms', `certificate ${index + 1} of the CMS has ${outside}`);
    return cert;
  });
}

/** The certificate the signer id names: issuer and serial, or subject key identifier. */
function findSigner(sid: Element, certificates: readonly Certificate[]): Certificate | undefined {
  if (is(sid, TAG_CLASS.universal, TAG.sequence)) {
    const [issuer, serial] = childrenOf(sid);
    const serialNumber = serialHex(primitive(serial, TAG.integer, 'the signer id'));
    // The same bytes are the same name; other encodings compare by their normalised key.
    let issuerKey: string | undefined;
    return certificates.find(
      (cert) =>
        cert.serialHex === serialNumber &&
        (Buffer.from(cert.issuer.der).equals(issuer?.bytes ?? new Uint8Array()) ||
          cert.issuer.key === (issuerKey ??= readName(issuer, 'the signer id').key)),
    );
  }
  if (!is(sid, TAG_CLASS.context, 0)) throw new DerError('the signer id is malformed');
  const keyId = Buffer.from(octetString(sid, 'the signer id')).toString('hex');
  return certificates.find(
    (cert) =>
      cert.subjectKeyId === keyId ||
      createHash('sha1').update(cert.publicKeyBits).digest('hex') === keyId,
  );
}

/** The one value of the one attribute of this type, or a refusal. */
function attributeValue(attributes: Map<string, Element[]>, type: string, name: string) {
  const values = attributes.get(type);
  if (values?.length !== 1) {
    fail('malformed_cms', 'signed attributes need exactly one contentType and messageDigest');
  }
  const [, set] = sequence(values[0], name);
  const [value] = sequence(set, name, TAG.set);
  if (!value) fail('malformed_cms', `invalid ${name} attribute`);
  return value;
}

function readSignedAttributes(field: Element) {
  const attributes = new Map<string, Element[]>();
  for (const attribute of childrenOf(field)) {
    const type = oid(sequence(attribute, 'a signed attribute')[0], 'a signed attribute');
    attributes.set(type, [...(attributes.get(type) ?? []), attribute]);
  }
  const contentType = attributeValue(attributes, CMS_OID.contentType, 'contentType');
  const messageDigest = attributeValue(attributes, CMS_OID.messageDigest, 'messageDigest');
  if (!is(contentType, TAG_CLASS.universal, TAG.oid)) {
    fail('malformed_cms', 'invalid contentType attribute');
  }
  const [signingTimeAttribute] = attributes.get(CMS_OID.signingTime) ?? [];
  let signingTime: Date | null = null;
  try {
    const [, set] = signingTimeAttribute ? childrenOf(signingTimeAttribute) : [];
    const value = set && childrenOf(set)[0];
    signingTime = value ? time(value, 'signingTime') : null;
  } catch {
    // informative only: an unreadable signing time is none
  }
  // The signature covers the attributes as a SET OF (RFC 5652 §5.4), not as [0] IMPLICIT.
  const signed = new Uint8Array(field.bytes);
  signed[0] = 0x31;
  return {
    signedAttributes: signed,
    signedContentType: oid(contentType, 'contentType'),
    messageDigest: primitive(messageDigest, TAG.octetString, 'messageDigest'),
    signingTime,
  };
}

function readSignedData(der: Uint8Array): ParsedCms {
  const [contentType, content] = sequence(readElement(der), 'ContentInfo');
  if (
    oid(contentType, 'contentType') !== CMS_OID.signedData ||
    !is(content, TAG_CLASS.context, 0)
  ) {
    fail('malformed_cms', 'not a CMS SignedData');
  }
  const fields = sequence(childrenOf(content)[0], 'SignedData');
  const [, , encapsulated] = fields;
  const rest = fields.slice(3);
  const certificatesField = is(rest[0], TAG_CLASS.context, 0) ? rest.shift() : undefined;
  if (is(rest[0], TAG_CLASS.context, 1)) rest.shift(); // crls: the trust store's are used
  const signerInfos = sequence(rest[0], 'signerInfos', TAG.set);

  const [eContentType, eContent] = sequence(encapsulated, 'encapContentInfo');
  if (oid(eContentType, 'eContentType') !== CMS_OID.data) {
    fail('malformed_cms', 'the signed content is not id-data');
  }
  if (!eContent) fail('malformed_cms', 'no attached content (detached signature)');
  const octets = childrenOf(eContent)[0];
  if (!is(octets, TAG_CLASS.universal, TAG.octetString)) {
    fail('malformed_cms', 'the attached content is not an OCTET STRING');
  }

  if (signerInfos.length !== 1) {
    fail('malformed_cms', `expected exactly one signer, found ${signerInfos.length}`);
  }
  const info = sequence(signerInfos[0], 'SignerInfo');
  const [, sid, digestAlgorithm] = info;
  const afterDigest = info.slice(3);
  const attributesField = is(afterDigest[0], TAG_CLASS.context, 0)
    ? afterDigest.shift()
    : undefined;
  const [signatureAlgorithm, signature] = afterDigest;

  const digestOid = algorithmIdentifier(digestAlgorithm, 'digestAlgorithm').oid;
  const algorithm = algorithmIdentifier(signatureAlgorithm, 'signatureAlgorithm');
  refuseGost(digestOid, "the signer's digest algorithm");
  refuseGost(algorithm.oid, "the signer's signature algorithm");
  const digest = DIGESTS[digestOid];
  if (!digest) fail('malformed_cms', `unsupported digest ${digestOid}`);
  const scheme = rsaScheme(algorithm, digest);
  if (!scheme) fail('malformed_cms', `unsupported signature algorithm ${algorithm.oid}`);

  const certificates = readCertificates(certificatesField);
  const signer = sid && findSigner(sid, certificates);
  if (!signer) fail('malformed_cms', "the signer's certificate is not in the CMS");

  return {
    content: octetString(octets as Element, 'eContent'),
    certificates,
    signer,
    digest,
    scheme,
    ...(attributesField
      ? readSignedAttributes(attributesField)
      : {
          signedAttributes: null,
          messageDigest: null,
          signedContentType: null,
          signingTime: null,
        }),
    signature: primitive(signature, TAG.octetString, 'signature'),
  };
}

/**
 * Reads a CMS SignedData with attached content: structure and limits only, no signature math,
 * bounded work. The content it returns is not verified: use it for refusals that verification
 * would reach anyway, never to act on. Throws SignatureError('malformed_cms'), or
 * SignatureError('unsupported_algorithm') for a GOST signature or key.
 */
export function readCms(der: Uint8Array): ParsedCms {
  if (der.length > CMS_LIMITS.bytes) {
    fail(
      'malformed_cms',
      `the CMS is ${der.length} bytes, beyond the limit of ${CMS_LIMITS.bytes}`,
    );
  }
  try {
    return readSignedData(der);
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    if (error instanceof DerError) {
      fail('malformed_cms', `not a CMS SignedData: ${error.message}`, error);
    }
    throw error;
  }
}
