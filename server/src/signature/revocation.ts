/**
 * Revocation that stays fresh: the trust store of the moment, with the CRLs of the files
 * (`KEZEK_CRLS`) and those fetched over HTTP, and the online answers chain.ts asks for when the
 * CRLs it holds give none.
 *
 * Where CRLs come from: the files; the URLs of `KEZEK_CRL_URLS`; the CRL distribution points
 * and freshest-CRL (delta) points named by the trusted CA certificates and — learnt as
 * signatures arrive, at most {@link MAX_LEARNED_URLS} — by the certificates of verified chains
 * (with `KEZEK_CRL_FETCH=1`, the default). A fetched CRL counts only when its issuer is a trusted
 * CA and its signature verifies with that CA's key; an older one never replaces a newer one.
 * Each URL is fetched again every `KEZEK_CRL_REFRESH_MINUTES` and as its CRL's nextUpdate
 * nears ({@link Revocation.refreshDue}, once a minute in the server); a new CRL makes a new trust
 * store (a new generation: every kept chain verdict is checked again once).
 *
 * The hot path makes no network call while a fresh CRL is held. Otherwise (no CRL yet, or only
 * stale ones) the certificate's own CRL points are fetched at once (one fetch per URL however
 * many requests wait for it, none again within a minute of the last attempt) and, for the
 * signer's certificate, the OCSP responder is asked (`KEZEK_OCSP`: a URL, or `aia` for the one
 * the certificate names; answers kept until their nextUpdate). When nothing fresh is found the
 * answer is unknown: verification fails closed with `revocation_unknown`. A CA without any CRL
 * and whose certificates name no CRL point (nor OCSP) is accepted without revocation data, as
 * before (the demo CA, test CAs).
 *
 * Nothing is stored in the database: each instance fetches for itself, at start and on schedule.
 */
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.ts';
import type { Certificate } from './certificate.ts';
import { crlRevocation } from './chain.ts';
import type { Crl } from './crl.ts';
import { crlUrlsOf, ocspUrlsOf } from './distribution.ts';
import { ocspRequest, readOcspResponse, type OcspAnswer } from './ocsp.ts';
import { commonNameOf } from './profile.ts';
import {
  parseCrls,
  TrustStore,
  type OnlineAnswer,
  type OnlineQuestion,
  type OnlineRevocation,
  type RevocationOutcome,
  type SignatureResult,
} from './trust.ts';

/** URLs learnt from the certificates of verified chains: more would be no real CA. */
export const MAX_LEARNED_URLS = 32;
const MAX_CRL_BYTES = 64 * 1024 * 1024;
const MAX_OCSP_BYTES = 64 * 1024;

export interface RevocationSettings {
  /** CRLs fetched on schedule besides the distribution points (`KEZEK_CRL_URLS`). */
  crlUrls?: readonly string[];
  /** Fetch the CRL points the certificates name (`KEZEK_CRL_FETCH`). */
  fetchDistributionPoints?: boolean;
  /** `off`, `aia` (the certificate's responder) or a responder URL (`KEZEK_OCSP`). */
  ocsp?: string;
  /** How often a CRL is fetched again (`KEZEK_CRL_REFRESH_MINUTES`). */
  refreshMs?: number;
  /** Health warns when revocation data expires within this (`KEZEK_REVOCATION_WARN_HOURS`). */
  warnMs?: number;
  /** No new attempt at a URL or responder within this after the last one. */
  retryMs?: number;
  /** One HTTP exchange at most this long. */
  timeoutMs?: number;
  log?: (level: 'info' | 'warn', message: string) => void;
}

type Origin = 'configured' | 'ca certificate' | 'signer certificate';

interface Source {
  url: string;
  origin: Origin;
  /** The issuer the CRL must be by: the named certificate's issuer; null for a configured URL. */
  issuerKey: string | null;
  crl: Crl | null;
  sha256: string | null;
  /** Instants (ms) by the injected clock. */
  lastAttempt: number | null;
  lastSuccess: number | null;
  error: string | null;
  inFlight: Promise<void> | null;
}

export interface RevocationCounters {
  /** Certificates whose revocation verification checked (a kept verdict counts nothing). */
  verifications: Record<RevocationOutcome, number>;
  /** Verifications of signatures (a read CMS) by result: valid, or the refusal's code. */
  signatures: Partial<Record<SignatureResult, number>>;
  crlFetches: { ok: number; failed: number };
  ocspRequests: { ok: number; failed: number };
}

export type IssuerState = 'fresh' | 'expiring' | 'stale' | 'invalid' | 'none';

export interface RevocationHealth {
  /** Every trusted CA and the revocation data held for the certificates it issued. */
  issuers: {
    ca: string;
    state: IssuerState;
    nextUpdate: string | null;
    secondsLeft: number | null;
  }[];
  sources: {
    url: string;
    origin: Origin;
    lastSuccess: string | null;
    lastAttempt: string | null;
    nextUpdate: string | null;
    error: string | null;
  }[];
  ocsp: string;
  /** The seconds until the first of the held CRLs expires (negative: past); null without any. */
  secondsUntilOldestExpiry: number | null;
  warnings: string[];
  counters: RevocationCounters;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const nameOf = (cert: Certificate) => commonNameOf(cert.subject) ?? '?';

/** A GET or POST whose answer must be 200 and at most `limit` bytes. */
async function download(
  url: string,
  init: RequestInit,
  limit: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw new Error(`larger than ${limit} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk as Uint8Array);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const describe = (error: unknown) =>
  error instanceof Error
    ? error.name === 'TimeoutError'
      ? 'no answer in time'
      : error.cause instanceof Error
        ? `${error.message}: ${error.cause.message}`
        : error.message
    : String(error);

export class Revocation implements OnlineRevocation {
  readonly counters: RevocationCounters = {
    verifications: {
      crl: 0,
      ocsp: 0,
      revoked: 0,
      unchecked: 0,
      unknown: 0,
      crl_invalid: 0,
      crl_expired: 0,
    },
    signatures: {},
    crlFetches: { ok: 0, failed: 0 },
    ocspRequests: { ok: 0, failed: 0 },
  };
  private readonly base: TrustStore;
  private current: TrustStore;
  private readonly sources = new Map<string, Source>();
  private learned = 0;
  private readonly settings: Required<Omit<RevocationSettings, 'log' | 'crlUrls'>>;
  private readonly log: NonNullable<RevocationSettings['log']>;
  private readonly ocspAnswers = new LRUCache<string, OcspAnswer>({ max: 50_000 });
  private readonly ocspInFlight = new Map<string, Promise<OcspAnswer>>();
  private readonly responderFailures = new Map<string, { at: number; error: string }>();

  private readonly clock: Clock;

  constructor(base: TrustStore, clock: Clock, settings: RevocationSettings = {}) {
    this.base = base;
    this.clock = clock;
    this.settings = {
      fetchDistributionPoints: settings.fetchDistributionPoints ?? true,
      ocsp: settings.ocsp ?? 'off',
      refreshMs: settings.refreshMs ?? 3_600_000,
      warnMs: settings.warnMs ?? 6 * 3_600_000,
      retryMs: settings.retryMs ?? 60_000,
      timeoutMs: settings.timeoutMs ?? 5_000,
    };
    this.log = settings.log ?? (() => {});
    for (const url of settings.crlUrls ?? []) this.register(url, 'configured');
    if (this.settings.fetchDistributionPoints) {
      for (const cert of base.certificates) {
        for (const url of crlUrlsOf(cert)) this.register(url, 'ca certificate', cert.issuer.key);
      }
    }
    this.current = new TrustStore(base.certificates, base.crls, this);
  }

  /** The trust store of the moment: the files' CRLs and the freshest fetched ones. */
  get trust(): TrustStore {
    return this.current;
  }

  record(outcome: RevocationOutcome): void {
    this.counters.verifications[outcome] += 1;
  }

  verified(result: SignatureResult): void {
    this.counters.signatures[result] = (this.counters.signatures[result] ?? 0) + 1;
  }

  private register(url: string, origin: Origin, issuerKey: string | null = null): Source | null {
    const known = this.sources.get(url);
    if (known) return known;
    if (origin === 'signer certificate') {
      if (this.learned >= MAX_LEARNED_URLS) return null;
      this.learned += 1;
    }
    const source: Source = {
      url,
      origin,
      issuerKey,
      crl: null,
      sha256: null,
      lastAttempt: null,
      lastSuccess: null,
      error: null,
      inFlight: null,
    };
    this.sources.set(url, source);
    return source;
  }

  /** Whether the scheduled refresh should fetch `source` at `now`. */
  private due(source: Source, now: number): boolean {
    const { refreshMs, retryMs } = this.settings;
    if (source.lastAttempt !== null && now - source.lastAttempt < retryMs) return false;
    if (source.crl === null || source.lastSuccess === null || source.error !== null) return true;
    if (now - source.lastSuccess >= refreshMs) return true;
    const next = source.crl.nextUpdate?.getTime();
    if (next === undefined) return false;
    const lead = Math.min(refreshMs, (next - source.crl.thisUpdate.getTime()) / 4);
    return now >= next - lead;
  }

  /** Fetches every URL that is due; the server calls it at start and once a minute. */
  async refreshDue(): Promise<{ fetched: number; failed: number }> {
    const now = this.clock.now().getTime();
    const due = [...this.sources.values()].filter((source) => this.due(source, now));
    const before = { ...this.counters.crlFetches };
    await Promise.all(due.map((source) => this.fetchSource(source)));
    return {
      fetched: this.counters.crlFetches.ok - before.ok,
      failed: this.counters.crlFetches.failed - before.failed,
    };
  }

  private fetchSource(source: Source): Promise<void> {
    source.inFlight ??= this.fetchNow(source).finally(() => {
      source.inFlight = null;
    });
    return source.inFlight;
  }

  private async fetchNow(source: Source): Promise<void> {
    source.lastAttempt = this.clock.now().getTime();
    try {
      const bytes = await download(source.url, {}, MAX_CRL_BYTES, this.settings.timeoutMs);
      const crl = parseCrls(bytes)[0];
      if (!crl) throw new Error('no CRL in the answer');
      const issuers = this.base.certificatesNamed(crl.issuer);
      if (issuers.length === 0) throw new Error('the CRL is not by a trusted CA');
      if (!issuers.some((issuer) => crl.signedBy(issuer))) {
        throw new Error("the CRL's signature does not verify with its CA's key");
      }
      if (source.crl && crl.thisUpdate.getTime() < source.crl.thisUpdate.getTime()) {
        throw new Error('the CRL is older than the one held');
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      source.lastSuccess = this.clock.now().getTime();
      source.error = null;
      this.counters.crlFetches.ok += 1;
      if (sha256 !== source.sha256) {
        source.crl = crl;
        source.sha256 = sha256;
        this.rebuild();
        this.log(
          'info',
          `CRL of "${commonNameOf(crl.issuer) ?? '?'}" from ${source.url}: thisUpdate ${crl.thisUpdate.toISOString()}, nextUpdate ${crl.nextUpdate?.toISOString() ?? 'none'}, ${crl.revoked.size} listed`,
        );
      }
    } catch (error) {
      source.error = describe(error);
      this.counters.crlFetches.failed += 1;
      this.log('warn', `CRL from ${source.url} not taken: ${source.error}`);
    }
  }

  private rebuild(): void {
    const fetched = [...this.sources.values()].flatMap((source) =>
      source.crl ? [source.crl] : [],
    );
    this.current = new TrustStore(this.base.certificates, [...this.base.crls, ...fetched], this);
  }

  /** The CRL URLs that may speak of `cert`: its own points, and those known for its issuer. */
  private crlSourcesFor(cert: Certificate, issuer: Certificate): Source[] {
    const found = new Set<Source>();
    if (this.settings.fetchDistributionPoints) {
      for (const url of crlUrlsOf(cert)) {
        const source = this.register(url, 'signer certificate', cert.issuer.key);
        if (source) found.add(source);
      }
    }
    for (const source of this.sources.values()) {
      // A configured URL not yet answered may be this issuer's: fail closed rather than skip it.
      const by = source.crl?.issuer.key ?? source.issuerKey;
      if (by === null || by === issuer.subject.key) found.add(source);
    }
    return [...found];
  }

  private responderFor(cert: Certificate): string | null {
    const { ocsp } = this.settings;
    if (ocsp === 'off') return null;
    if (ocsp === 'aia') return ocspUrlsOf(cert)[0] ?? null;
    return ocsp;
  }

  async check(question: OnlineQuestion): Promise<OnlineAnswer | null> {
    const { cert, issuer, at, signer } = question;
    const reasons: string[] = [];
    const sources = this.crlSourcesFor(cert, issuer);
    if (sources.length > 0) {
      const now = at.getTime();
      const stale = sources.filter(
        (source) =>
          source.inFlight !== null ||
          source.lastAttempt === null ||
          now - source.lastAttempt >= this.settings.retryMs,
      );
      await Promise.all(stale.map((source) => this.fetchSource(source)));
      const again = crlRevocation(cert, issuer, this.current, at);
      if (again.status === 'good' || again.status === 'revoked') {
        return { status: again.status, until: again.until, source: 'crl' };
      }
      const errors = sources.flatMap((source) => (source.error ? [source.error] : []));
      reasons.push(
        again.status === 'crl_expired'
          ? `its CRL is out of date (nextUpdate ${iso(again.until)})${errors.length ? ` and ${errors.join('; ')}` : ''}`
          : `no CRL (${errors.join('; ') || 'none fetched'})`,
      );
    }
    const responder = signer ? this.responderFor(cert) : null;
    if (responder) {
      try {
        const answer = await this.askOcsp(responder, cert, issuer, at);
        if (answer.status !== 'unknown') {
          return { status: answer.status, until: answer.until, source: 'ocsp' };
        }
        reasons.push('the OCSP responder does not know the certificate');
      } catch (error) {
        reasons.push(`OCSP responder ${responder}: ${describe(error)}`);
      }
    }
    if (sources.length === 0 && !responder) return null;
    return {
      status: 'unknown',
      until: -Infinity,
      source: 'crl',
      detail: `revocation unknown for a certificate of "${nameOf(issuer)}": ${reasons.join('; ')}`,
    };
  }

  private async askOcsp(
    url: string,
    cert: Certificate,
    issuer: Certificate,
    at: Date,
  ): Promise<OcspAnswer> {
    const key = `${issuer.fingerprint}/${cert.serialHex}`;
    const kept = this.ocspAnswers.get(key);
    if (kept && kept.until >= at.getTime() && kept.thisUpdate.getTime() <= at.getTime() + 300_000) {
      return kept;
    }
    const failed = this.responderFailures.get(url);
    if (failed && at.getTime() - failed.at < this.settings.retryMs) {
      throw new Error(
        `${failed.error} (not asked again before ${iso(failed.at + this.settings.retryMs)})`,
      );
    }
    let pending = this.ocspInFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const body = ocspRequest(cert, issuer);
        const der = await download(
          url,
          {
            method: 'POST',
            headers: { 'content-type': 'application/ocsp-request' },
            body: Buffer.from(body),
          },
          MAX_OCSP_BYTES,
          this.settings.timeoutMs,
        );
        return readOcspResponse(der, cert, issuer, this.clock.now());
      })().finally(() => this.ocspInFlight.delete(key));
      this.ocspInFlight.set(key, pending);
    }
    try {
      const answer = await pending;
      this.counters.ocspRequests.ok += 1;
      this.responderFailures.delete(url);
      this.ocspAnswers.set(key, answer);
      return answer;
    } catch (error) {
      this.counters.ocspRequests.failed += 1;
      this.responderFailures.set(url, { at: this.clock.now().getTime(), error: describe(error) });
      this.log('warn', `OCSP responder ${url}: ${describe(error)}`);
      throw error;
    }
  }

  /** The freshness of each CA's revocation data, the sources, warnings and counters. */
  health(): RevocationHealth {
    const now = this.clock.now().getTime();
    const { warnMs } = this.settings;
    const warnings: string[] = [];
    const seen = new Set<string>();
    const issuers: RevocationHealth['issuers'] = [];
    for (const ca of this.current.certificates) {
      if (seen.has(ca.subject.key)) continue;
      seen.add(ca.subject.key);
      const held = this.current.crlsIssuedBy(ca.subject);
      const sameName = this.current.certificatesNamed(ca.subject);
      const valid = held.filter(
        (crl) => crl.complete && sameName.some((candidate) => crl.signedBy(candidate)),
      );
      const next =
        valid.length === 0
          ? null
          : Math.max(...valid.map((crl) => crl.nextUpdate?.getTime() ?? Infinity));
      const name = nameOf(ca);
      let state: IssuerState;
      if (held.length === 0) state = 'none';
      else if (next === null) state = 'invalid';
      else if (next < now) state = 'stale';
      else if (next - now <= warnMs) state = 'expiring';
      else state = 'fresh';
      if (state === 'invalid') warnings.push(`no CRL of "${name}" verifies`);
      if (state === 'stale') {
        warnings.push(`the CRL of "${name}" is out of date since ${iso(next)}`);
      }
      if (state === 'expiring') warnings.push(`the CRL of "${name}" expires at ${iso(next)}`);
      const finite = next !== null && Number.isFinite(next);
      issuers.push({
        ca: name,
        state,
        nextUpdate: finite ? iso(next) : null,
        secondsLeft: finite ? Math.floor((next - now) / 1000) : null,
      });
    }
    const sources = [...this.sources.values()].map((source) => {
      if (source.error) warnings.push(`CRL from ${source.url}: ${source.error}`);
      return {
        url: source.url,
        origin: source.origin,
        lastSuccess: iso(source.lastSuccess),
        lastAttempt: iso(source.lastAttempt),
        nextUpdate: source.crl?.nextUpdate?.toISOString() ?? null,
        error: source.error,
      };
    });
    for (const [url, failure] of this.responderFailures) {
      warnings.push(`OCSP responder ${url}: ${failure.error} at ${iso(failure.at)}`);
    }
    const lefts = issuers.flatMap((issuer) =>
      issuer.secondsLeft === null ? [] : [issuer.secondsLeft],
    );
    return {
      issuers,
      sources,
      ocsp: this.settings.ocsp,
      secondsUntilOldestExpiry: lefts.length > 0 ? Math.min(...lefts) : null,
      warnings,
      counters: structuredClone(this.counters),
    };
  }
}

/** Runs {@link Revocation.refreshDue} every minute; a run still going makes the next one wait. */
export function scheduleRevocation(
  revocation: Revocation,
  onError: (error: unknown) => void,
): () => void {
  const job = new Cron('* * * * *', { protect: true, catch: onError }, async () => {
    await revocation.refreshDue();
  });
  return () => job.stop();
}

/** The settings of the environment (config.ts). */
export function revocationSettings(config: {
  KEZEK_CRL_URLS?: string[] | undefined;
  KEZEK_CRL_FETCH: boolean;
  KEZEK_CRL_REFRESH_MINUTES: number;
  KEZEK_OCSP: string;
  KEZEK_REVOCATION_WARN_HOURS: number;
}): RevocationSettings {
  return {
    crlUrls: config.KEZEK_CRL_URLS ?? [],
    fetchDistributionPoints: config.KEZEK_CRL_FETCH,
    refreshMs: config.KEZEK_CRL_REFRESH_MINUTES * 60_000,
    ocsp: config.KEZEK_OCSP,
    warnMs: config.KEZEK_REVOCATION_WARN_HOURS * 3_600_000,
  };
}
