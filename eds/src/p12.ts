import forge from 'node-forge';
import { bytesToBinary } from './bytes.ts';
import { forgeOid } from './oids.ts';

/** A private key with its certificate: what signCms needs. */
export interface CmsSigner {
  /** PEM private key (PKCS#1 or PKCS#8). */
  privateKeyPem: string;
  certificatePem: string;
  /** Issuing CA certificates without the root, nearest first. */
  chainPem?: readonly string[];
}

/** An opened PKCS#12 file: its private key, the certificate of that key, the other certificates. */
export interface OpenedP12 {
  privateKeyPem: string;
  certificatePem: string;
  chainPem: string[];
}

/** The base of both errors of {@link openP12}. */
export class P12Error extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'P12Error';
  }
}

/** The password does not open the file. */
export class P12PasswordError extends P12Error {
  constructor(options?: ErrorOptions) {
    super('The password does not open this PKCS#12 file', options);
    this.name = 'P12PasswordError';
  }
}

export type P12FormatReason =
  /** Not a PKCS#12 file at all (a certificate, a PDF, a text file…). */
  | 'not_pkcs12'
  /** A PKCS#12 file without a private key (e.g. only certificates). */
  | 'no_private_key'
  /** A GOST key (the national CA issues one beside the RSA key): use the RSA key. */
  | 'gost_key'
  /** The key is not RSA (nor GOST) or uses an algorithm node-forge lacks. */
  | 'unsupported_key'
  /** A private key without its certificate. */
  | 'no_certificate';

/** The file is not a PKCS#12 key file this signer can use. */
export class P12FormatError extends P12Error {
  readonly reason: P12FormatReason;

  constructor(reason: P12FormatReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'P12FormatError';
    this.reason = reason;
  }
}

const OID = {
  pkcs8ShroudedKeyBag: forgeOid('pkcs8ShroudedKeyBag'),
  keyBag: forgeOid('keyBag'),
  certBag: forgeOid('certBag'),
};

/**
 * GOST key algorithms: the national CA's (1.2.398.3.10.1.1.…, e.g. 1.2.398.3.10.1.1.2.2 for GOST
 * 34.10-2015 512) and the Russian ones (1.2.643.…). The server refuses GOST signatures by the
 * same arcs (server/src/signature/algorithms.ts, with where they were found).
 */
const GOST_KEY_ARCS = ['1.2.398.3.10.1.1.', '1.2.643.'];

/** Whether a key bag forge could not read holds a GOST key (its PrivateKeyInfo's algorithm). */
function isGostKey(bag: forge.pkcs12.Bag): boolean {
  const [, algorithm] = (bag.asn1?.value ?? []) as forge.asn1.Asn1[];
  const [id] = (algorithm?.value ?? []) as forge.asn1.Asn1[];
  if (id?.type !== forge.asn1.Type.OID || typeof id.value !== 'string') return false;
  const oid = forge.asn1.derToOid(id.value);
  return GOST_KEY_ARCS.some((arc) => oid.startsWith(arc));
}

/** What node-forge throws when the password is wrong (MAC, then decryption of the bags). */
const WRONG_PASSWORD =
  /MAC could not be verified|Invalid password|wrong password|Failed to decrypt|Unable to decrypt/i;

function parsePfx(p12: Uint8Array, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(bytesToBinary(p12));
  } catch (cause) {
    throw new P12FormatError('not_pkcs12', 'The file is not DER-encoded', { cause });
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/not an PKCS#12 PFX|password integrity mode/i.test(message)) {
      throw new P12FormatError('not_pkcs12', 'The file is not a PKCS#12 key file', { cause });
    }
    if (WRONG_PASSWORD.test(message)) throw new P12PasswordError({ cause });
    if (/unsupported|not supported|Cannot read encrypted PBE/i.test(message)) {
      throw new P12FormatError('unsupported_key', `Unsupported PKCS#12 file: ${message}`, {
        cause,
      });
    }
    // Without a MAC, a wrong password shows only as garbage after decryption.
    throw new P12PasswordError({ cause });
  }
}

/**
 * Opens a PKCS#12 file with node-forge — 3DES (what citizens' files from the national CA use and
 * WebCrypto cannot read), AES (PBES2) and RC2-protected certificate bags: its RSA private key, the
 * certificate of that key, and the other certificates of the file. Works in the browser and in
 * node. Throws {@link P12PasswordError} for a wrong password and {@link P12FormatError} for a
 * file that is not a usable key file.
 */
export function openP12(p12: Uint8Array, password: string): OpenedP12 {
  const parsed = parsePfx(p12, password);
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(OID.pkcs8ShroudedKeyBag), ...bags(OID.keyBag)];
  if (keyBags.length === 0) {
    throw new P12FormatError('no_private_key', 'No private key in the PKCS#12 file');
  }
  const key = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key && keyBags.some(isGostKey)) {
    throw new P12FormatError('gost_key', 'The private key is a GOST key: use the RSA key');
  }
  if (!key || !key.n) {
    throw new P12FormatError('unsupported_key', 'The private key is not an RSA key');
  }
  const certs = bags(OID.certBag)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined && cert !== null);
  const own = certs.find((cert) => {
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return publicKey.n?.equals(key.n) && publicKey.e?.equals(key.e);
  });
  if (!own) {
    throw new P12FormatError('no_certificate', 'No certificate for the private key in the file');
  }
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificatePem: forge.pki.certificateToPem(own),
    chainPem: certs.filter((cert) => cert !== own).map((cert) => forge.pki.certificateToPem(cert)),
  };
}
