import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../clock.ts';
import { readConfig } from '../config.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { verifyHistoryChain } from '../history/history.ts';
import { checkInvariants } from '../invariants/invariants.ts';
import { prepareDatabase } from '../startup.ts';
import { TEST_START } from '../testing/templates.ts';
import { insertApplication } from '../testing/invariants.ts';
import { rowCounts } from '../testing/rows.ts';
import { buildWorld, type World } from '../testing/world.ts';

/** The backups of docs/operations.md, restored: the same rows, the invariants and the chain intact. */

async function expectSameCity(original: Db, restored: Db) {
  expect(await checkInvariants(restored)).toEqual([]);
  expect(await rowCounts(restored)).toEqual(await rowCounts(original));
  const chain = await verifyHistoryChain(restored);
  expect(chain).toEqual(await verifyHistoryChain(original));
  expect(chain.rows).toBeGreaterThan(3);
}

const hasPgTools = ['pg_dump', 'pg_restore'].every(
  (tool) => spawnSync(tool, ['--version']).status === 0,
);

describe.skipIf(!process.env.DATABASE_URL || !hasPgTools)('pg_dump and pg_restore', () => {
  let w: World;
  let copy: { db: Db; close(): Promise<void> } | undefined;
  afterAll(async () => {
    await copy?.close();
    await w?.t.close();
  });

  it('restore a populated database that passes the invariant check', async () => {
    w = await buildWorld();
    await w.freshDirection('B');
    const source = w.t.database.url!;
    const dump = path.join(await mkdtemp(path.join(tmpdir(), 'kezek-dump-')), 'kezek.dump');
    execFileSync('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source]);

    const target = new URL(source);
    target.pathname = `/${target.pathname.slice(1)}_restored`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${target.pathname.slice(1)}`);
    await admin.end();
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target}`, dump]);
    const restored = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 2 });
    copy = {
      db: restored.db,
      close: async () => {
        await restored.close();
        const cleanup = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${target.pathname.slice(1)} with (force)`);
        await cleanup.end();
      },
    };
    await expectSameCity(w.t.database.db, restored.db);
  });
});

describe('the PGlite data directory', () => {
  /** A small city in a PGlite directory: the demo city and three waiting children. */
  async function populated(dataDir: string) {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await prepareDatabase(
      database.db,
      readConfig({ KEZEK_DEMO: '1', LOG_LEVEL: 'silent' }),
      new AdjustableClock(TEST_START),
      { demoKeys: false },
    );
    const [district, user, child] = await Promise.all([
      database.db.selectFrom('districts').select(['id', 'region_id']).executeTakeFirstOrThrow(),
      database.db.selectFrom('users').select('id').executeTakeFirstOrThrow(),
      database.db.selectFrom('persons').select('iin').where('iin', 'like', '2%').execute(),
    ]);
    for (const [i, person] of child.slice(0, 3).entries()) {
      await insertApplication(database.db, {
        number: `UO.2026.${String(i + 1).padStart(6, '0')}.1`,
        region_id: district.region_id,
        district_id: district.id,
        group_year: 2000 + Number(person.iin.slice(0, 2)),
        child_iin: person.iin,
        applicant_user_id: user.id,
        status: 'queued',
        queue_class: 'general',
        registered_at: TEST_START,
        last_changed_at: TEST_START,
        interest_confirmed_until: new Date('2030-01-01'),
        language: 'kk',
        email: 'p@example.kz',
        phone: '+77010000000',
      });
    }
    return database;
  }

  it('is backed up by copying it while kezek is stopped', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kezek-pglite-'));
    const original = await populated(dataDir);
    await original.close();
    const backup = path.join(await mkdtemp(path.join(tmpdir(), 'kezek-backup-')), 'data');
    await cp(dataDir, backup, { recursive: true, filter: (file) => !file.endsWith('.kezek.lock') });
    const [a, b] = [
      await openDatabase({ kind: 'pglite', dataDir }),
      await openDatabase({ kind: 'pglite', dataDir: backup }),
    ];
    await expectSameCity(a.db, b.db);
    await Promise.all([a.close(), b.close()]);
  });

  it('is backed up by PGlite’s dumpDataDir and restored with loadDataDir', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kezek-pglite-'));
    await (await populated(dataDir)).close();
    const live = await PGlite.create(dataDir);
    const dump = await live.dumpDataDir('gzip');
    const restored = await PGlite.create({ loadDataDir: dump });
    const kysely = (instance: PGlite) =>
      new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(instance)) }),
      });
    const [a, b] = [kysely(live), kysely(restored)];
    await expectSameCity(a, b);
    await Promise.all([a.destroy(), b.destroy()]);
    await Promise.all([live.close(), restored.close()]);
  });
});
