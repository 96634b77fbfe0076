import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { hashPassword } from './auth/passwords.ts';
import { appendHistory } from './history/history.ts';
import { seedDemo } from './demo/seed.ts';
import { ensureDemoPki } from './demo/keys.ts';
import { databaseOrigin, demoDecision } from './demo/mode.ts';
import { loadTrustStore, parseCertificates, TrustStore } from './signature/trust.ts';
import { Pseudonyms } from './pseudonym.ts';
import { startLog } from './transparency/start.ts';

export interface Prepared {
  sessionSecret: string;
  /** The key of the applications' public pseudonyms (pseudonym.ts). */
  pseudonymKey: string;
  /** The transparency log's Ed25519 private key, PEM (docs/transparency.md). */
  logKeyPem: string;
  trust: TrustStore;
  /** Whether this start runs the demo (its key files published): see demo/mode.ts. */
  demo: boolean;
  /** Lines for the operator: the demo accounts, the administrator made from the environment. */
  announcements: string[];
  /** Lines the operator must not miss: the demo mode. */
  warnings: string[];
}

/** A start that must not go on: the message says why and what to change. */
export class StartupRefused extends Error {}

export interface PrepareOptions {
  /** Make the demo CA and key files (slow: RSA keys); tests that do not sign skip it. */
  demoKeys?: boolean;
}

/**
 * Migrations, the session secret, the demo city on an empty database when the demo may run
 * (demo/mode.ts), the configured administrator, and the trust store: the configured CAs and CRLs,
 * plus the demo CA in demo mode. Throws StartupRefused when KEZEK_DEMO=1 may not be honoured.
 */
export async function prepareDatabase(
  db: Db,
  config: Config,
  clock: Clock,
  options: PrepareOptions = {},
): Promise<Prepared> {
  await migrateToLatest(db);
  const announcements: string[] = [];
  const warnings: string[] = [];
  const configured = loadTrustStore(config.KEZEK_TRUSTED_CAS ?? [], config.KEZEK_CRLS ?? []);
  let trust = configured;
  const decision = demoDecision({
    request: config.KEZEK_DEMO,
    trustedCas: (config.KEZEK_TRUSTED_CAS ?? []).length > 0,
    testApi: config.KEZEK_TEST_API,
    origin: await databaseOrigin(db),
  });
  if ('refusal' in decision) throw new StartupRefused(decision.refusal);
  const { demo } = decision;
  if (demo) {
    announcements.push(...(await seedDemo(db, clock)));
    warnings.push(
      'DEMO MODE: demo city, accounts with published passwords and a demo CA; never for real ' +
        'people (set KEZEK_TRUSTED_CAS, or KEZEK_DEMO=0, on an empty database for production)',
    );
  }
  if (demo && options.demoKeys !== false) {
    const demoCa = (await ensureDemoPki(db, clock)).flatMap((pem) => parseCertificates(pem));
    trust = new TrustStore(
      [...configured.roots, ...configured.intermediates, ...demoCa],
      configured.crls,
    );
    announcements.push('demo key files (password kezek-demo-2026) are offered on the sign-in page');
  }
  if (config.KEZEK_ADMIN_IIN && config.KEZEK_ADMIN_PASSWORD) {
    await ensureAdministrator(db, clock, config.KEZEK_ADMIN_IIN, config.KEZEK_ADMIN_PASSWORD);
    announcements.push(
      `administrator from KEZEK_ADMIN_IIN is ready (password from KEZEK_ADMIN_PASSWORD)`,
    );
  }
  const pseudonymKey = config.KEZEK_PSEUDONYM_KEY ?? (await storedSecret(db, 'pseudonym_key'));
  // After the demo's seed: its regions' policies are the first leaves of a new log.
  const genesis = await startLog(db, new Pseudonyms(pseudonymKey), clock.now());
  if (genesis > 0)
    announcements.push(`transparency log started with a genesis snapshot of ${genesis} leaves`);
  return {
    sessionSecret: config.KEZEK_SESSION_SECRET ?? (await storedSecret(db, 'session_secret')),
    pseudonymKey,
    logKeyPem: config.KEZEK_LOG_KEY_FILE
      ? readFileSync(config.KEZEK_LOG_KEY_FILE, 'utf8')
      : await storedSecret(db, 'log_key', newLogKey),
    trust,
    demo,
    announcements,
    warnings,
  };
}

/** Creates the administrator, or resets the password and re-activates an existing account. */
export async function ensureAdministrator(
  db: Db,
  clock: Clock,
  iin: string,
  password: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select(['id', 'roles', 'active'])
      .where('iin', '=', iin)
      .forUpdate()
      .executeTakeFirst();
    const roles = [...new Set([...(before?.roles ?? []), 'admin'])];
    const row = await trx
      .insertInto('users')
      .values({
        iin,
        full_name: 'Administrator',
        roles,
        password_hash: passwordHash,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('iin')
          .doUpdateSet({ roles, password_hash: passwordHash, active: true, updated_at: now }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      at: now,
      actor: 'system',
      event: before ? 'admin.reset_from_environment' : 'admin.created_from_environment',
      subjectType: 'user',
      subjectId: row.id,
      before: before ? { roles: before.roles, active: before.active } : null,
      after: { roles, active: true },
    });
  });
}

/** A new Ed25519 key for the transparency log's heads, PKCS #8 PEM. */
const newLogKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * A secret not given in the environment: one random secret made once and kept, so restarts keep
 * the sessions (KEZEK_SESSION_SECRET), the public pseudonyms (KEZEK_PSEUDONYM_KEY) and the
 * transparency log's key (KEZEK_LOG_KEY_FILE).
 */
export async function storedSecret(
  db: Db,
  key: 'session_secret' | 'pseudonym_key' | 'log_key',
  make: () => string = () => randomBytes(32).toString('base64url'),
): Promise<string> {
  const candidate = make();
  await db
    .insertInto('settings')
    .values({ key, value: candidate })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return row.value;
}
