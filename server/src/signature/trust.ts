/**
 * The trust store of EDS verification: the CA certificates whose person certificates may sign in
 * and sign (`KEZEK_TRUSTED_CAS`) and the CRLs of those CAs (`KEZEK_CRLS`).
 *
 * Roots are the self-issued certificates of the list (subject = issuer): a chain must end at one
 * of them. Every other certificate is an intermediate: it may complete a chain, but is never a
 * trust anchor by itself. CRLs are indexed by their issuer name and only count once their
 * signature verifies with the issuing CA's key (checked in verify.ts, per chain).
 *
 * Parsing uses pkijs + asn1js only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** Certificate or CRL material: PEM text (one or several blocks) or DER / PEM bytes. */
export type PkiMaterial = string | Uint8Array;

export interface TrustMaterial {
  certificates: readonly PkiMaterial[];
  crls?: readonly PkiMaterial[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function asText(input: PkiMaterial): string | null {
  if (typeof input === 'string') return input;
  // Bytes that look like PEM are PEM; anything else is DER.
  const head = Buffer.from(input.subarray(0, 64)).toString('latin1');
  return head.includes('-----BEGIN ') ? Buffer.from(input).toString('utf8') : null;
}

/** The base64 bodies of the PEM blocks whose label is one of `labels`, decoded. */
export function pemBlocks(text: string, labels: readonly string[]): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const label = match[1] ?? '';
    if (!labels.includes(label)) continue;
    const body = (match[2] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body))
      throw new Error(`invalid base64 in PEM block ${label}`);
    blocks.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return blocks;
}

export function toPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Parses one BER/DER structure, refusing trailing bytes. Throws on anything else. */
export function parseAsn1(der: Uint8Array): asn1js.AsnType {
  const view = new Uint8Array(der);
  const asn1 = asn1js.fromBER(view);
  if (asn1.offset === -1 || asn1.result.error) throw new Error(`not DER: ${asn1.result.error}`);
  if (asn1.offset !== view.byteLength) throw new Error('trailing bytes after the DER structure');
  return asn1.result;
}

export function parseCertificateDer(der: Uint8Array): pkijs.Certificate {
  return new pkijs.Certificate({ schema: parseAsn1(der) });
}

/** All certificates of a PEM bundle, or the one certificate of a DER input. */
export function parseCertificates(input: PkiMaterial): pkijs.Certificate[] {
  const text = asText(input);
  if (text === null) return [parseCertificateDer(input as Uint8Array)];
  return pemBlocks(text, ['CERTIFICATE', 'X509 CERTIFICATE']).map(parseCertificateDer);
}

/** All CRLs of a PEM input, or the one CRL of a DER input. */
export function parseCrls(input: PkiMaterial): pkijs.CertificateRevocationList[] {
  const text = asText(input);
  const ders = text === null ? [input as Uint8Array] : pemBlocks(text, ['X509 CRL']);
  return ders.map((der) => new pkijs.CertificateRevocationList({ schema: parseAsn1(der) }));
}

export function certificateToDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

export function certificateToPem(cert: pkijs.Certificate): string {
  return toPem(certificateToDer(cert), 'CERTIFICATE');
}

/** Identity of a certificate: its signed part and signature (not a re-encoding of it). */
export function certificateId(cert: pkijs.Certificate): string {
  return createHash('sha256')
    .update(cert.tbsView)
    .update(cert.signatureValue.valueBlock.valueHexView)
    .digest('hex');
}

/**
 * A comparable key of a distinguished name: attribute types in order with their values
 * normalised as RFC 5280 caseIgnoreMatch does (trim, fold white space, ignore case; the string
 * type — UTF8String, PrintableString… — does not matter); other values compare as bytes.
 */
export function nameKey(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const block = (tv.value as { valueBlock?: { value?: unknown } }).valueBlock;
      const value =
        typeof block?.value === 'string'
          ? block.value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
          : `#${Buffer.from((tv.value as asn1js.BaseBlock).valueBeforeDecodeView).toString('hex')}`;
      return `${tv.type}=${JSON.stringify(value)}`;
    })
    .join(',');
}

export function isSelfIssued(cert: pkijs.Certificate): boolean {
  return nameKey(cert.subject) === nameKey(cert.issuer);
}

export class TrustStore {
  /** Trust anchors: self-issued certificates of the list. */
  readonly roots: readonly pkijs.Certificate[];
  /** The other certificates of the list: they may complete a chain, never end one. */
  readonly intermediates: readonly pkijs.Certificate[];
  readonly crls: readonly pkijs.CertificateRevocationList[];
  private readonly rootIds: ReadonlySet<string>;
  private readonly bySubject: ReadonlyMap<string, readonly pkijs.Certificate[]>;
  private readonly crlsByIssuer: ReadonlyMap<string, readonly pkijs.CertificateRevocationList[]>;

  constructor(
    certificates: readonly pkijs.Certificate[],
    crls: readonly pkijs.CertificateRevocationList[] = [],
  ) {
    const seen = new Set<string>();
    const roots: pkijs.Certificate[] = [];
    const intermediates: pkijs.Certificate[] = [];
    const bySubject = new Map<string, pkijs.Certificate[]>();
    for (const cert of certificates) {
      const id = certificateId(cert);
      if (seen.has(id)) continue;
      seen.add(id);
      (isSelfIssued(cert) ? roots : intermediates).push(cert);
      const key = nameKey(cert.subject);
      bySubject.set(key, [...(bySubject.get(key) ?? []), cert]);
    }
    const crlsByIssuer = new Map<string, pkijs.CertificateRevocationList[]>();
    for (const crl of crls) {
      const key = nameKey(crl.issuer);
      crlsByIssuer.set(key, [...(crlsByIssuer.get(key) ?? []), crl]);
    }
    this.roots = roots;
    this.intermediates = intermediates;
    this.crls = [...crls];
    this.rootIds = new Set(roots.map(certificateId));
    this.bySubject = bySubject;
    this.crlsByIssuer = crlsByIssuer;
  }

  isRoot(cert: pkijs.Certificate): boolean {
    return this.rootIds.has(certificateId(cert));
  }

  /** Trusted certificates (roots and intermediates) whose subject is `name`. */
  certificatesNamed(name: pkijs.RelativeDistinguishedNames): readonly pkijs.Certificate[] {
    return this.bySubject.get(nameKey(name)) ?? [];
  }

  /** Configured CRLs whose issuer name is `name` (their signatures are not checked here). */
  crlsIssuedBy(name: pkijs.RelativeDistinguishedNames): readonly pkijs.CertificateRevocationList[] {
    return this.crlsByIssuer.get(nameKey(name)) ?? [];
  }
}

/** A trust store from in-memory material (tests, the demo). */
export function createTrustStore(material: TrustMaterial): TrustStore {
  return new TrustStore(
    material.certificates.flatMap(parseCertificates),
    (material.crls ?? []).flatMap(parseCrls),
  );
}

function readMaterial<T>(path: string, kind: string, parse: (input: Uint8Array) => T[]): T[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${kind} file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let items: T[];
  try {
    items = parse(bytes);
  } catch (error) {
    throw new Error(`invalid ${kind} file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (items.length === 0) throw new Error(`no ${kind} in ${path}`);
  return items;
}

/**
 * Loads `KEZEK_TRUSTED_CAS` (PEM files, each one or more certificates; DER also accepted) and
 * `KEZEK_CRLS` (CRL files, PEM or DER). Blank paths are skipped; an unreadable or empty file
 * throws, so a configuration mistake stops the server instead of weakening verification.
 */
export function loadTrustStore(
  caPemPaths: readonly string[],
  crlPaths: readonly string[] = [],
): TrustStore {
  const certificates = caPemPaths
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .flatMap((path) => readMaterial(path, 'certificate', parseCertificates));
  const crls = crlPaths
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .flatMap((path) => readMaterial(path, 'CRL', parseCrls));
  return new TrustStore(certificates, crls);
}
