/**
 * The chain of a signer's certificate: from it through intermediates (from the CMS or the trust
 * store) to a root of the trust store, checked at the instant `at`. Paths are built by names
 * first (subject = issuer, AKI = SKI where both are given), bounded, without any signature math;
 * only then are the links' signatures checked, natively, and the rest of each path:
 *   - CA basicConstraints, keyCertSign, path length, no unknown critical extension → `untrusted_chain`
 *   - validity of every certificate at `at`          → `cert_not_yet_valid` / `cert_expired`
 *   - every non-root certificate against its issuer's CRLs → `cert_revoked`; CRLs of the issuer
 *     none of which verifies, or only CRLs whose nextUpdate is past, fail closed
 *     → `revocation_unknown` (unless the trust store's online source — a CRL fetched from a
 *     distribution point, an OCSP responder — gives a fresh answer)
 *
 * A chain that passes is a verdict about the signer's certificate under one trust store
 * generation, true for every instant from the latest notBefore to the earliest of the notAfters
 * and of the CRLs' nextUpdates: {@link ChainCache} keeps it, so a signer's next requests skip it.
 */
import { LRUCache } from 'lru-cache';
import { signedWith } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import { fail } from './errors.ts';
import { commonNameOf, KEY_USAGE } from './profile.ts';
import type { TrustStore } from './trust.ts';

/** Critical extensions this verifier understands; any other critical one refuses the chain. */
const KNOWN_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
]);

const MAX_CHAIN_LENGTH = 8;
/** Bounds path building by names: candidates looked at, over all paths. */
const MAX_PATH_STEPS = 64;

type Path = readonly Certificate[];

const nameOf = (cert: Certificate) => commonNameOf(cert.subject) ?? '?';

/** Every path signer → … → trusted root by names and key identifiers (no signature checked). */
function pathsByName(signer: Certificate, carried: Path, trust: TrustStore): Certificate[][] {
  const paths: Certificate[][] = [];
  let steps = 0;
  const extend = (path: Certificate[]): void => {
    const last = path[path.length - 1] as Certificate;
    if (path.length >= MAX_CHAIN_LENGTH) return;
    const candidates = new Map<string, Certificate>();
    for (const cert of [...carried, ...trust.certificatesNamed(last.issuer)]) {
      if (cert.subject.key !== last.issuer.key) continue;
      if (path.some((inPath) => inPath.fingerprint === cert.fingerprint)) continue;
      const { authorityKeyId } = last;
      if (authorityKeyId && cert.subjectKeyId && authorityKeyId !== cert.subjectKeyId) continue;
      candidates.set(cert.fingerprint, cert);
    }
    for (const issuer of candidates.values()) {
      steps += 1;
      if (steps > MAX_PATH_STEPS) return;
      const next = [...path, issuer];
      if (trust.isRoot(issuer)) paths.push(next);
      else extend(next);
    }
  };
  extend([signer]);
  return paths;
}

/** Whether every link's signature verifies with the next certificate's key. */
function linksVerify(path: Path, checked: Map<string, boolean>): boolean {
  for (let i = 0; i < path.length - 1; i += 1) {
    const cert = path[i] as Certificate;
    const issuer = path[i + 1] as Certificate;
    const link = `${cert.fingerprint}<${issuer.fingerprint}`;
    let ok = checked.get(link);
    if (ok === undefined) {
      ok = signedWith(cert, issuer.publicKey);
      checked.set(link, ok);
    }
    if (!ok) return false;
  }
  return true;
}

function checkCaCertificates(path: Path): void {
  path.forEach((cert, index) => {
    for (const ext of cert.extensions) {
      if (ext.critical && !KNOWN_CRITICAL_EXTENSIONS.has(ext.oid)) {
        fail('untrusted_chain', `unknown critical extension ${ext.oid} in the chain`);
      }
    }
    if (index === 0) return;
    const isRoot = index === path.length - 1;
    const name = nameOf(cert);
    const constraints = cert.basicConstraints;
    if (!constraints) {
      // A v1 root is a trust anchor by configuration; an intermediate must say it is a CA.
      if (isRoot) return;
      fail('untrusted_chain', `issuer "${name}" is not a CA (no basicConstraints)`);
    }
    if (!constraints.ca) fail('untrusted_chain', `issuer "${name}" is not a CA`);
    if (cert.keyUsage && !cert.keyUsage.has(KEY_USAGE.keyCertSign)) {
      fail('untrusted_chain', `issuer "${name}" may not sign certificates (keyUsage)`);
    }
    // CA certificates between this one and the signer.
    if (constraints.pathLength !== null && index - 1 > constraints.pathLength) {
      fail('untrusted_chain', `path length exceeded at "${name}"`);
    }
  });
}

function checkDates(path: Path, at: Date): void {
  for (const cert of path) {
    const role = cert === path[0] ? "the signer's certificate" : 'a CA certificate of the chain';
    if (at.getTime() < cert.notBefore.getTime()) {
      fail('cert_not_yet_valid', `${role} is valid from ${cert.notBefore.toISOString()}`);
    }
    if (at.getTime() > cert.notAfter.getTime()) {
      fail('cert_expired', `${role} expired at ${cert.notAfter.toISOString()}`);
    }
  }
}

export type RevocationStatus = 'good' | 'revoked' | 'no_crl' | 'crl_invalid' | 'crl_expired';

/**
 * The status of `cert` by the CRLs of the trust store issued by `issuer`, and until when a
 * `good` holds (the latest nextUpdate of its current CRLs). Only CRLs whose signature verifies
 * with the issuer's key and that speak of such a certificate (a CA's or a user's) count. Any
 * listing counts (whatever its reason or date: certificateHold included). Without a listing, at
 * least one complete CRL must be current (`at` not after its nextUpdate): a base CRL, or a delta
 * CRL whose base is held — otherwise the status is unknown and verification fails closed.
 */
export function crlRevocation(
  cert: Pick<Certificate, 'serialHex'> & Partial<Pick<Certificate, 'basicConstraints'>>,
  issuer: Certificate,
  trust: TrustStore,
  at: Date,
): { status: RevocationStatus; until: number } {
  const held = trust.crlsIssuedBy(issuer.subject).filter((crl) => crl.covers(cert));
  if (held.length === 0) return { status: 'no_crl', until: Infinity };
  const valid = held.filter((crl) => crl.signedBy(issuer));
  if (valid.some((crl) => crl.revoked.has(cert.serialHex))) {
    return { status: 'revoked', until: -Infinity };
  }
  const bases = valid.filter((crl) => crl.deltaBase === null);
  const deltas = valid.filter(
    (delta) =>
      delta.deltaBase !== null &&
      bases.some((base) => base.number !== null && base.number >= (delta.deltaBase as bigint)),
  );
  const answering = [...bases, ...deltas].filter((crl) => crl.complete);
  if (answering.length === 0) return { status: 'crl_invalid', until: -Infinity };
  const until = Math.max(...answering.map((crl) => crl.nextUpdate?.getTime() ?? Infinity));
  return { status: at.getTime() <= until ? 'good' : 'crl_expired', until };
}

export function revocationStatus(
  cert: Pick<Certificate, 'serialHex'> & Partial<Pick<Certificate, 'basicConstraints'>>,
  issuer: Certificate,
  trust: TrustStore,
  at: Date,
): RevocationStatus {
  return crlRevocation(cert, issuer, trust, at).status;
}

/**
 * Checks the revocation of every link; returns until when none of the answers changes. The
 * trust store's CRLs answer first, without any network; only when they give no fresh answer is
 * its online source asked (trust.online: a CRL fetched from a distribution point, OCSP).
 */
async function checkRevocation(path: Path, trust: TrustStore, at: Date): Promise<number> {
  let until = Infinity;
  for (let i = 0; i < path.length - 1; i += 1) {
    const cert = path[i] as Certificate;
    const issuer = path[i + 1] as Certificate;
    const role = i === 0 ? "the signer's certificate" : 'a CA certificate of the chain';
    const name = nameOf(issuer);
    const byCrl = crlRevocation(cert, issuer, trust, at);
    let found: { status: RevocationStatus | 'unknown'; until: number; detail?: string } = byCrl;
    let source: 'crl' | 'ocsp' = 'crl';
    if (byCrl.status !== 'good' && byCrl.status !== 'revoked' && trust.online) {
      const online = await trust.online.check({
        cert,
        issuer,
        at,
        signer: i === 0,
        crlStatus: byCrl.status,
      });
      if (online) {
        found = online;
        source = online.source;
      }
    }
    trust.online?.record(
      found.status === 'good' ? source : found.status === 'no_crl' ? 'unchecked' : found.status,
    );
    if (found.status === 'revoked') {
      fail(
        'cert_revoked',
        `${role} is revoked (${source === 'ocsp' ? 'OCSP' : 'CRL'} of "${name}")`,
      );
    }
    if (found.status === 'crl_invalid') {
      fail('revocation_unknown', `no CRL of "${name}" verifies: revocation unknown`);
    }
    if (found.status === 'crl_expired') {
      fail(
        'revocation_unknown',
        `the CRL of "${name}" is out of date (nextUpdate ${new Date(found.until).toISOString()}): revocation unknown`,
      );
    }
    if (found.status === 'unknown') {
      fail('revocation_unknown', found.detail ?? `revocation of ${role} unknown ("${name}")`);
    }
    until = Math.min(until, found.until);
  }
  return until;
}

/** The instants (ms) between which a chain's verdict holds. */
interface Window {
  from: number;
  until: number;
}

/** Checks the chain of `signer` at `at`; returns the window in which the verdict holds. */
async function checkChain(
  signer: Certificate,
  carried: Path,
  trust: TrustStore,
  at: Date,
): Promise<Window> {
  const checked = new Map<string, boolean>();
  // Several paths may exist (re-keyed or cross-certified CAs): the first one whose signatures
  // verify and that passes every check wins; if none does, the first such path's failure is
  // reported.
  let firstError: unknown = null;
  let signed = false;
  for (const path of pathsByName(signer, carried, trust)) {
    if (!linksVerify(path, checked)) continue;
    signed = true;
    try {
      checkCaCertificates(path);
      checkDates(path, at);
      const crlsUntil = await checkRevocation(path, trust, at);
      return {
        from: Math.max(...path.map((cert) => cert.notBefore.getTime())),
        until: Math.min(crlsUntil, ...path.map((cert) => cert.notAfter.getTime())),
      };
    } catch (error) {
      firstError ??= error;
    }
  }
  if (signed) throw firstError;
  const issuer = commonNameOf(signer.issuer) ?? '?';
  fail('untrusted_chain', `no chain from the signer (issuer "${issuer}") to a trusted root`);
}

interface Verdict extends Window {
  generation: number;
}

/**
 * Chains that passed, by the signer certificate's fingerprint: reused for an instant inside the
 * verdict's window under the same trust store generation, checked again otherwise. Refusals are
 * not kept (the next request checks again). Bounded: a flood of certificates evicts the oldest.
 */
export class ChainCache {
  /** Verifications that reused a verdict, and that checked a chain in full: for tests, metrics. */
  readonly counts = { reused: 0, checked: 0 };
  private readonly verdicts: LRUCache<string, Verdict>;

  constructor(max = 10_000) {
    this.verdicts = new LRUCache({ max });
  }

  /** Throws the chain's SignatureError, or returns when the chain holds at `at`. */
  async check(signer: Certificate, carried: Path, trust: TrustStore, at: Date): Promise<void> {
    const time = at.getTime();
    const known = this.verdicts.get(signer.fingerprint);
    if (known?.generation === trust.generation && known.from <= time && time <= known.until) {
      this.counts.reused += 1;
      return;
    }
    this.counts.checked += 1;
    const window = await checkChain(signer, carried, trust, at);
    this.verdicts.set(signer.fingerprint, { ...window, generation: trust.generation });
  }
}
