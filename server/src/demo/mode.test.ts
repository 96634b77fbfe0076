// Issue 16, item 4: the demo runs only on a database it seeded itself, never beside configured
// trusted CAs, and says so at start.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../clock.ts';
import { readConfig } from '../config.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { prepareDatabase, StartupRefused } from '../startup.ts';
import { DEMO_ADMIN, TestClient, openTestDatabase, startTestApp } from '../testing/harness.ts';
import { TEST_START } from '../testing/templates.ts';
import { trustedTestCa } from '../testing/eds.ts';
import { demoDecision, type DatabaseOrigin, type DemoRequest } from './mode.ts';

describe('demoDecision', () => {
  const refusal = { refusal: expect.any(String) };
  it.each<[DemoRequest, boolean, boolean, DatabaseOrigin, object]>([
    ['auto', false, false, 'empty', { demo: true }],
    ['auto', false, false, 'demo', { demo: true }],
    ['auto', false, false, 'other', { demo: false }],
    ['auto', true, false, 'empty', { demo: false }],
    ['auto', true, false, 'demo', { demo: false }],
    ['on', false, false, 'empty', { demo: true }],
    ['on', false, false, 'demo', { demo: true }],
    ['on', false, false, 'other', refusal],
    ['on', true, false, 'empty', refusal],
    ['on', true, false, 'demo', refusal],
    // A test server (KEZEK_TEST_API) trusts its tests' CAs beside the demo's.
    ['on', true, true, 'empty', { demo: true }],
    ['on', true, true, 'other', refusal],
    ['off', false, false, 'empty', { demo: false }],
    ['off', false, false, 'demo', { demo: false }],
  ])(
    'KEZEK_DEMO %s, trusted CAs %s, test API %s, a database %s: %o',
    (request, trustedCas, testApi, origin, decision) => {
      expect(demoDecision({ request, trustedCas, testApi, origin })).toEqual(decision);
    },
  );
});

const clock = new AdjustableClock(TEST_START);
const prepare = (db: Db, env: Record<string, string>) =>
  prepareDatabase(db, readConfig({ LOG_LEVEL: 'silent', ...env }), clock, { demoKeys: false });
const count = async (db: Db, table: 'regions' | 'users' | 'demo_pki') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('starting on a database', () => {
  let trustFile: string;
  beforeAll(async () => {
    trustFile = (await trustedTestCa()).trustFile;
  });

  it('seeds an empty database as the demo, says so loudly, and keeps it the demo’s on restart', async () => {
    const database = await openTestDatabase();
    try {
      const first = await prepare(database.db, {});
      expect(first.demo).toBe(true);
      expect(first.warnings.join('\n')).toMatch(/^DEMO MODE: .*never for real people/);
      const regions = await count(database.db, 'regions');
      expect(regions).toBeGreaterThan(0);
      const again = await prepare(database.db, { KEZEK_DEMO: '1' });
      expect(again.demo).toBe(true);
      expect(await count(database.db, 'regions')).toBe(regions);
    } finally {
      await database.close();
    }
  });

  it('never turns a production database into the demo, also with the demo administrator’s IIN', async () => {
    const database = await openTestDatabase();
    const admin = {
      KEZEK_ADMIN_IIN: DEMO_ADMIN.iin,
      KEZEK_ADMIN_PASSWORD: 'a-production-password',
    };
    try {
      const production = await prepare(database.db, { KEZEK_DEMO: '0', ...admin });
      expect(production.demo).toBe(false);
      // Restarted without KEZEK_DEMO (the default): no demo, no crash.
      const restarted = await prepare(database.db, admin);
      expect(restarted).toMatchObject({ demo: false, warnings: [] });
      expect(await count(database.db, 'regions')).toBe(0);
      expect(await count(database.db, 'users')).toBe(1);
      await expect(prepare(database.db, { KEZEK_DEMO: '1', ...admin })).rejects.toThrow(
        new StartupRefused(
          'KEZEK_DEMO=1 refused: this database was not seeded by the demo (it holds data of its own)',
        ),
      );
      expect(await count(database.db, 'users')).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('never runs the demo beside configured trusted CAs', async () => {
    const database = await openTestDatabase();
    try {
      const trusted = await prepare(database.db, { KEZEK_TRUSTED_CAS: trustFile });
      expect(trusted).toMatchObject({ demo: false, warnings: [] });
      expect(await count(database.db, 'regions')).toBe(0);
      await expect(
        prepare(database.db, { KEZEK_TRUSTED_CAS: trustFile, KEZEK_DEMO: '1' }),
      ).rejects.toThrow(/KEZEK_DEMO=1 cannot be used with KEZEK_TRUSTED_CAS/);
      expect(await count(database.db, 'demo_pki')).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('serves no demo key files outside demo mode', async () => {
    const t = await startTestApp({
      KEZEK_DEMO: '',
      KEZEK_TEST_API: '0',
      KEZEK_TRUSTED_CAS: trustFile,
    });
    try {
      const client = new TestClient(t.app);
      expect((await client.get('/api/demo/keys')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('the server process', () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kezek-mode-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses KEZEK_DEMO=1 on a database that is not the demo’s with one line, before listening', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: '',
      KEZEK_DATA_DIR: dataDir,
      PORT: '0',
      KEZEK_ADMIN_IIN: DEMO_ADMIN.iin,
      KEZEK_ADMIN_PASSWORD: 'a-production-password',
    };
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await prepare(database.db, {
      KEZEK_DEMO: '0',
      KEZEK_ADMIN_IIN: env.KEZEK_ADMIN_IIN,
      KEZEK_ADMIN_PASSWORD: env.KEZEK_ADMIN_PASSWORD,
    });
    await database.close();
    const failure = await promisify(execFile)(process.execPath, ['--import', 'tsx', main], {
      env: { ...env, KEZEK_DEMO: '1' },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      'kezek: KEZEK_DEMO=1 refused: this database was not seeded by the demo (it holds data of its own)',
    ]);
  });
});
