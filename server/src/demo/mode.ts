/**
 * When the demo runs (issue 16, item 4; docs/security.md, "The demo on a real database"). The demo
 * makes its own CA, trusts it and publishes key files for its people, so it may only ever run on a
 * database the demo itself seeded (a mark kept in `settings`), never beside configured trusted CAs
 * (a real person with one of the demo IINs could be impersonated) — except on a test server
 * (KEZEK_TEST_API, itself never for production), whose tests add CAs of their own.
 */
import type { Db, Trx } from '../db/connection.ts';

/** KEZEK_DEMO: `auto` when unset (an empty or demo database), `on` for 1, `off` for 0. */
export type DemoRequest = 'auto' | 'on' | 'off';

/** Who filled the database: nobody yet, the demo, or someone else (production, a test). */
export type DatabaseOrigin = 'empty' | 'demo' | 'other';

export type DemoDecision = { demo: boolean } | { refusal: string };

const DEMO_MARK = 'demo_database';

export function demoDecision(situation: {
  request: DemoRequest;
  trustedCas: boolean;
  testApi: boolean;
  origin: DatabaseOrigin;
}): DemoDecision {
  const { request, trustedCas, testApi, origin } = situation;
  if (request === 'off') return { demo: false };
  if (trustedCas && !testApi) {
    return request === 'on'
      ? {
          refusal:
            'KEZEK_DEMO=1 cannot be used with KEZEK_TRUSTED_CAS: the demo trusts a CA of its own',
        }
      : { demo: false };
  }
  if (origin === 'other') {
    return request === 'on'
      ? {
          refusal:
            'KEZEK_DEMO=1 refused: this database was not seeded by the demo (it holds data of its own)',
        }
      : { demo: false };
  }
  return { demo: true };
}

/** Whether the database is empty (no account, no region), seeded by the demo, or neither. */
export async function databaseOrigin(db: Db): Promise<DatabaseOrigin> {
  const mark = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', DEMO_MARK)
    .executeTakeFirst();
  if (mark) return 'demo';
  const [user, region] = await Promise.all([
    db.selectFrom('users').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('regions').select('id').limit(1).executeTakeFirst(),
  ]);
  return user || region ? 'other' : 'empty';
}

/** Marks the database as the demo's, in the transaction that seeds it. */
export async function markDemoDatabase(trx: Trx, now: Date): Promise<void> {
  await trx
    .insertInto('settings')
    .values({ key: DEMO_MARK, value: now.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
