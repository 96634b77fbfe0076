/**
 * X.509 certificates as the verifier reads them (RFC 5280): the signed part and its signature,
 * the names, the validity, the public key as node's KeyObject, and the extensions the chain and
 * the national profile need. Everything here is a pure function of the certificate's bytes, so a
 * certificate is read once and kept by its fingerprint (bounded: a flood of distinct
 * certificates only evicts older ones).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { algorithmIdentifier, type AlgorithmIdentifier } from './algorithms.ts';
import {
  bitStringBytes,
  boolean,
  childrenOf,
  DerError,
  expect,
  is,
  oid,
  primitive,
  readElement,
  sequence,
  smallInteger,
  TAG,
  TAG_CLASS,
  text,
  time,
} from './der.ts';
import type { Element } from './der.ts';

const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

export interface NameAttribute {
  type: string;
  /** The text of a string value; null for any other value. */
  value: string | null;
}

export interface Name {
  /** The name as encoded. */
  der: Uint8Array;
  /** The attributes of every relative distinguished name, in order. */
  attributes: NameAttribute[];
  /** Equal for names that RFC 5280 says match (see nameKeyOf): names compare by it. */
  key: string;
}

export interface Extension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

export interface RsaKeyFacts {
  /** rsaEncryption or RSASSA-PSS. */
  algorithm: 'rsa' | 'rsa-pss';
  modulusBits: number;
  exponent: bigint;
}

const RSA_KEY_ALGORITHMS: Readonly<Record<string, RsaKeyFacts['algorithm']>> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
};

export interface Certificate {
  der: Uint8Array;
  /** SHA-256 of the DER, hex: the identity of the certificate (caches, path building). */
  fingerprint: string;
  /** The signed part as encoded, and its issuer's signature over it. */
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  /** Lower-case hex of the serial number, without leading zero bytes ("00" for zero). */
  serialHex: string;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  /** The subjectPublicKey bits: a CMS may name its signer by their SHA-1. */
  publicKeyBits: Uint8Array;
  /** The public key's algorithm identifier (rsaEncryption, a GOST key…). */
  keyAlgorithm: string;
  /** The RSA key's size and exponent as encoded, or null for a key that is not RSA. */
  rsa: RsaKeyFacts | null;
  /**
   * node's KeyObject, made when first asked for (a signature is checked with it): not for the
   * certificates of a request refused before verification. null for a key node cannot read (it
   * then verifies nothing).
   */
  readonly publicKey: KeyObject | null;
  extensions: Extension[];
  /** The asserted keyUsage bits, or null when the extension is absent (unreadable: none). */
  keyUsage: Set<number> | null;
  /** The EKU purposes, or null when the extension is absent (unreadable: none). */
  extendedKeyUsage: string[] | null;
  /** null when absent; an unreadable one is not a CA. */
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  subjectKeyId: string | null;
  authorityKeyId: string | null;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Serial number as lower-case hex without leading zero bytes ("00" for zero). */
export function serialHex(integer: Uint8Array): string {
  return hex(integer).replace(/^(00)+/, '') || '00';
}

/**
 * A comparable key of a distinguished name: attribute types in order with their values
 * normalised as RFC 5280 caseIgnoreMatch does (trim, fold white space, ignore case; the string
 * type — UTF8String, PrintableString… — does not matter); other values compare as bytes.
 */
function nameKeyOf(attributes: readonly (NameAttribute & { der: Uint8Array })[]): string {
  return attributes
    .map(({ type, value, der }) => {
      const normalised =
        value === null
          ? `#${hex(der)}`
          : value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
      return `${type}=${JSON.stringify(normalised)}`;
    })
    .join(',');
}

export function readName(element: Element | undefined, what: string): Name {
  const attributes = sequence(element, what).flatMap((rdn) =>
    sequence(rdn, what, TAG.set).map((atv) => {
      const [type, value] = sequence(atv, what);
      if (!value) throw new DerError(`${what} is malformed`);
      return { type: oid(type, what), value: text(value), der: value.bytes };
    }),
  );
  return {
    der: (element as Element).bytes,
    attributes: attributes.map(({ type, value }) => ({ type, value })),
    key: nameKeyOf(attributes),
  };
}

/** Reads an extension's value; an unreadable value gives `fallback`. */
function readExtension<T, F>(
  extensions: readonly Extension[],
  extensionOid: string,
  read: (value: Element) => T,
  fallback: F,
): T | F | null {
  const extension = extensions.find((ext) => ext.oid === extensionOid);
  if (!extension) return null;
  try {
    return read(readElement(extension.value));
  } catch (error) {
    if (error instanceof DerError) return fallback;
    throw error;
  }
}

function keyUsageBits(value: Element): Set<number> {
  const bytes = primitive(value, TAG.bitString, 'keyUsage').subarray(1);
  const bits = new Set<number>();
  bytes.forEach((byte, i) => {
    for (let bit = 0; bit < 8; bit += 1) if (byte & (0x80 >> bit)) bits.add(i * 8 + bit);
  });
  return bits;
}

function basicConstraints(value: Element) {
  const fields = sequence(value, 'basicConstraints');
  const ca = is(fields[0], TAG_CLASS.universal, TAG.boolean)
    ? boolean(fields.shift(), 'cA')
    : false;
  const pathLength = fields[0] ? smallInteger(fields[0], 'pathLenConstraint') : null;
  return { ca, pathLength };
}

function readExtensions(element: Element | undefined): Extension[] {
  if (!element) return [];
  return sequence(childrenOf(element)[0], 'extensions').map((ext) => {
    const fields = sequence(ext, 'an extension');
    const extensionOid = oid(fields[0], 'an extension');
    const critical = fields.length === 3 ? boolean(fields[1], 'critical') : false;
    const value = primitive(fields[fields.length - 1], TAG.octetString, 'an extension');
    return { oid: extensionOid, critical, value };
  });
}

function publicKeyOf(spki: Uint8Array): KeyObject | null {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/** An unsigned INTEGER's bit length (leading zero bytes do not count). */
function bitLength(integer: Uint8Array): number {
  let start = 0;
  while (start < integer.length - 1 && integer[start] === 0) start += 1;
  const first = integer[start] ?? 0;
  return first === 0 ? 0 : (integer.length - start - 1) * 8 + (32 - Math.clz32(first));
}

/**
 * The facts of an RSA key that bound the cost of checking with it, read from the encoding
 * (RFC 8017 A.1.1 RSAPublicKey inside the SPKI): no KeyObject is made for them.
 */
function rsaKeyFacts(algorithm: string, bits: Uint8Array): RsaKeyFacts | null {
  const kind = RSA_KEY_ALGORITHMS[algorithm];
  if (!kind) return null;
  try {
    const [modulus, exponent] = sequence(readElement(bits), 'RSAPublicKey');
    const exponentBytes = primitive(exponent, TAG.integer, 'publicExponent');
    return {
      algorithm: kind,
      modulusBits: bitLength(primitive(modulus, TAG.integer, 'modulus')),
      exponent: BigInt(`0x${hex(exponentBytes) || '0'}`),
    };
  } catch (error) {
    if (error instanceof DerError) return null;
    throw error;
  }
}

/** Parses a certificate; throws a DerError when it is not one. */
function parseCertificate(input: Uint8Array, fingerprint: string): Certificate {
  const der = new Uint8Array(input); // a copy: a kept certificate must not pin a request's bytes
  const [tbsElement, signatureAlgorithm, signature] = sequence(readElement(der), 'certificate');
  const fields = sequence(tbsElement, 'tbsCertificate');
  if (is(fields[0], TAG_CLASS.context, 0)) fields.shift(); // version
  const [serial, , issuer, validity, subject, spki] = fields;
  const [notBefore, notAfter] = sequence(validity, 'validity');
  const [keyAlgorithm, publicKeyBits] = sequence(spki, 'subjectPublicKeyInfo');
  const spkiBytes = expect(spki, TAG.sequence, 'subjectPublicKeyInfo').bytes;
  const keyBits = bitStringBytes(publicKeyBits, 'subjectPublicKey');
  const keyAlgorithmOid = algorithmIdentifier(keyAlgorithm, 'subjectPublicKeyInfo').oid;
  let publicKey: KeyObject | null | undefined;
  const extensions = readExtensions(fields.find((f) => is(f, TAG_CLASS.context, 3)));
  const keyId = (value: Element) => hex(primitive(value, TAG.octetString, 'keyIdentifier'));
  return {
    der,
    fingerprint,
    tbs: (tbsElement as Element).bytes,
    signatureAlgorithm: algorithmIdentifier(signatureAlgorithm, 'signatureAlgorithm'),
    signature: bitStringBytes(signature, 'signatureValue'),
    serialHex: serialHex(primitive(serial, TAG.integer, 'serialNumber')),
    issuer: readName(issuer, 'issuer'),
    subject: readName(subject, 'subject'),
    notBefore: time(notBefore, 'notBefore'),
    notAfter: time(notAfter, 'notAfter'),
    publicKeyBits: keyBits,
    keyAlgorithm: keyAlgorithmOid,
    rsa: rsaKeyFacts(keyAlgorithmOid, keyBits),
    get publicKey() {
      if (publicKey === undefined) publicKey = publicKeyOf(spkiBytes);
      return publicKey;
    },
    extensions,
    keyUsage: readExtension(extensions, EXTENSION.keyUsage, keyUsageBits, new Set<number>()),
    extendedKeyUsage: readExtension(
      extensions,
      EXTENSION.extKeyUsage,
      (value) => sequence(value, 'extKeyUsage').map((purpose) => oid(purpose)),
      [],
    ),
    basicConstraints: readExtension(extensions, EXTENSION.basicConstraints, basicConstraints, {
      ca: false,
      pathLength: null,
    }),
    subjectKeyId: readExtension(extensions, EXTENSION.subjectKeyIdentifier, keyId, null),
    authorityKeyId: readExtension(
      extensions,
      EXTENSION.authorityKeyIdentifier,
      (value) => {
        const id = sequence(value, 'authorityKeyIdentifier').find((f) =>
          is(f, TAG_CLASS.context, 0),
        );
        return id && !id.constructed ? hex(id.value) : null;
      },
      null,
    ),
  };
}

/** Distinct certificates kept parsed; each holds its DER and a key, a few kilobytes. */
const parsed = new LRUCache<string, Certificate>({ max: 4096 });

/**
 * The certificate of these DER bytes, parsed once while it stays in the cache. Throws a
 * DerError when the bytes are not a certificate.
 */
export function readCertificate(der: Uint8Array): Certificate {
  const fingerprint = createHash('sha256').update(der).digest('hex');
  let certificate = parsed.get(fingerprint);
  if (!certificate) {
    certificate = parseCertificate(der, fingerprint);
    parsed.set(fingerprint, certificate);
  }
  return certificate;
}

export function isSelfIssued(cert: Certificate): boolean {
  return cert.subject.key === cert.issuer.key;
}

/** The first string value of an attribute type in a name. */
export function nameValue(name: Name, type: string): string | null {
  return name.attributes.find((a) => a.type === type && a.value !== null)?.value ?? null;
}
