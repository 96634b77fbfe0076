import { randomBytes } from 'node:crypto';
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

export interface Prepared {
  sessionSecret: string;
  /** The key of the applications' public pseudonyms (pseudonym.ts). */
  pseudonymKey: string;
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
  return {
    sessionSecret: config.KEZEK_SESSION_SECRET ?? (await storedSecret(db, 'session_secret')),
    pseudonymKey: config.KEZEK_PSEUDONYM_KEY ?? (await storedSecret(db, 'pseudonym_key')),
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

/**
 * A secret not given in the environment: one random secret made once and kept, so restarts keep
 * the sessions (KEZEK_SESSION_SECRET) and the public pseudonyms (KEZEK_PSEUDONYM_KEY).
 */
async function storedSecret(db: Db, key: 'session_secret' | 'pseudonym_key'): Promise<string> {
  const candidate = randomBytes(32).toString('base64url');
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
