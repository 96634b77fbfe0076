import type { Readiness } from '@kezek/contracts';
import { databaseAnswers, type Db } from '../db/connection.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { Revocation } from '../signature/revocation.ts';

/** How long the database has to answer a readiness probe. */
export const READINESS_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Whether this instance can serve (docs/operations.md, "Health"): the database answers, every
 * migration of this version is applied, and no trusted CA's revocation data is out of date or
 * fails to verify (signatures of that CA would be refused with revocation_unknown). A CA that
 * has no CRL at all (the demo's) does not count: its certificates are accepted without one.
 */
export async function readiness(
  db: Db,
  revocation: Revocation,
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  const checks = { database: 'ok', migrations: 'ok', crls: 'ok' };
  const reasons: string[] = [];
  try {
    await withTimeout(databaseAnswers(db), timeoutMs);
    const pending = await withTimeout(pendingMigrations(db), timeoutMs);
    if (pending.length > 0) {
      checks.migrations = `${pending.length} not applied, the last ${pending.at(-1)}`;
      reasons.push(`migrations: ${checks.migrations}`);
    }
  } catch (error) {
    checks.database = messageOf(error);
    checks.migrations = 'unknown';
    reasons.push(`database: ${checks.database}`);
  }
  const unfit = revocation
    .health()
    .issuers.filter((issuer) => issuer.state === 'stale' || issuer.state === 'invalid');
  if (unfit.length > 0) {
    checks.crls = unfit.map((issuer) => `${issuer.ca}: ${issuer.state}`).join('; ');
    reasons.push(`crls: ${checks.crls}`);
  }
  return { status: reasons.length === 0 ? 'ready' : 'not_ready', checks, reasons };
}
