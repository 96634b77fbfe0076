/**
 * The trust store of EDS verification: the CA certificates whose person certificates may sign in
 * and sign (`KEZEK_TRUSTED_CAS`) and the CRLs of those CAs (`KEZEK_CRLS`).
 *
 * Roots are the self-issued certificates of the list (subject = issuer): a chain must end at one
 * of them. Every other certificate is an intermediate: it may complete a chain, but is never a
 * trust anchor by itself. CRLs are indexed by their issuer name and only count once their
 * signature verifies with the issuing CA's key (checked in chain.ts, per chain).
 *
 * A store may carry an {@link OnlineRevocation}: what chain.ts asks when the store's CRLs give no
 * fresh answer (revocation.ts: CRLs fetched from distribution points, OCSP).
 */
import { readFileSync } from 'node:fs';
import { isSelfIssued, readCertificate, type Certificate, type Name } from './certificate.ts';
import { Crl } from './crl.ts';
import { DerError } from './der.ts';
import type { SignatureErrorCode } from './errors.ts';

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

function readOrThrow<T>(der: Uint8Array, read: (der: Uint8Array) => T): T {
  try {
    return read(der);
  } catch (error) {
    if (error instanceof DerError) throw new Error(`not DER: ${error.message}`, { cause: error });
    throw error;
  }
}

/** All certificates of a PEM bundle, or the one certificate of a DER input. */
export function parseCertificates(input: PkiMaterial): Certificate[] {
  const text = asText(input);
  const ders =
    text === null ? [input as Uint8Array] : pemBlocks(text, ['CERTIFICATE', 'X509 CERTIFICATE']);
  return ders.map((der) => readOrThrow(der, readCertificate));
}

/** All CRLs of a PEM input, or the one CRL of a DER input. */
export function parseCrls(input: PkiMaterial): Crl[] {
  const text = asText(input);
  const ders = text === null ? [input as Uint8Array] : pemBlocks(text, ['X509 CRL']);
  return ders.map((der) => readOrThrow(der, (bytes) => new Crl(new Uint8Array(bytes))));
}

/** A revocation answer from outside the store's CRLs. */
export interface OnlineAnswer {
  status: 'good' | 'revoked' | 'unknown';
  /** Until when the answer holds (ms). */
  until: number;
  source: 'crl' | 'ocsp';
  /** Why the status is unknown, for the refusal's message. */
  detail?: string;
}

export interface OnlineQuestion {
  cert: Certificate;
  issuer: Certificate;
  at: Date;
  /** Whether `cert` is the signer's (OCSP is asked for the signer's certificate only). */
  signer: boolean;
  /** What the store's CRLs said. */
  crlStatus: 'no_crl' | 'crl_invalid' | 'crl_expired';
}

/** What verification counts, per certificate whose revocation was checked. */
export type RevocationOutcome =
  'crl' | 'ocsp' | 'revoked' | 'unchecked' | 'unknown' | 'crl_invalid' | 'crl_expired';

export interface OnlineRevocation {
  /**
   * A fresh answer for `cert`, or null when there is nothing to ask (no distribution point, no
   * responder): the store's CRL answer stands.
   */
  check(question: OnlineQuestion): Promise<OnlineAnswer | null>;
  record(outcome: RevocationOutcome): void;
  /** Told the result of every verification of a read CMS (verify.ts): what GET /metrics counts. */
  verified?(result: SignatureResult): void;
}

/** How a verification of a read CMS ended: valid, or the code it was refused with. */
export type SignatureResult = 'valid' | SignatureErrorCode;

/** Each store takes the next generation: verdicts cached under another one are not reused. */
let lastGeneration = 0;

/**
 * The CAs and CRLs that verification trusts. A store never changes: new CRLs (or CAs) make a new
 * store, with a new {@link TrustStore.generation}.
 */
export class TrustStore {
  /** Trust anchors: self-issued certificates of the list. */
  readonly roots: readonly Certificate[];
  /** The other certificates of the list: they may complete a chain, never end one. */
  readonly intermediates: readonly Certificate[];
  readonly crls: readonly Crl[];
  /** Asked when the CRLs give no fresh answer; absent: the CRLs alone decide. */
  readonly online: OnlineRevocation | undefined;
  /** Distinguishes this store's certificates and CRLs from any other store's, in this process. */
  readonly generation = (lastGeneration += 1);
  private readonly rootIds: ReadonlySet<string>;
  private readonly bySubject: ReadonlyMap<string, readonly Certificate[]>;
  private readonly crlsByIssuer: ReadonlyMap<string, readonly Crl[]>;

  constructor(
    certificates: readonly Certificate[],
    crls: readonly Crl[] = [],
    online?: OnlineRevocation,
  ) {
    const seen = new Set<string>();
    const roots: Certificate[] = [];
    const intermediates: Certificate[] = [];
    const bySubject = new Map<string, Certificate[]>();
    for (const cert of certificates) {
      if (seen.has(cert.fingerprint)) continue;
      seen.add(cert.fingerprint);
      (isSelfIssued(cert) ? roots : intermediates).push(cert);
      bySubject.set(cert.subject.key, [...(bySubject.get(cert.subject.key) ?? []), cert]);
    }
    const crlsByIssuer = new Map<string, Crl[]>();
    for (const crl of crls) {
      crlsByIssuer.set(crl.issuer.key, [...(crlsByIssuer.get(crl.issuer.key) ?? []), crl]);
    }
    this.roots = roots;
    this.intermediates = intermediates;
    this.crls = [...crls];
    this.online = online;
    this.rootIds = new Set(roots.map((root) => root.fingerprint));
    this.bySubject = bySubject;
    this.crlsByIssuer = crlsByIssuer;
  }

  /** Every certificate of the list, roots first. */
  get certificates(): readonly Certificate[] {
    return [...this.roots, ...this.intermediates];
  }

  isRoot(cert: Certificate): boolean {
    return this.rootIds.has(cert.fingerprint);
  }

  /** Trusted certificates (roots and intermediates) whose subject is `name`. */
  certificatesNamed(name: Name): readonly Certificate[] {
    return this.bySubject.get(name.key) ?? [];
  }

  /** Configured CRLs whose issuer name is `name` (their signatures are not checked here). */
  crlsIssuedBy(name: Name): readonly Crl[] {
    return this.crlsByIssuer.get(name.key) ?? [];
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
