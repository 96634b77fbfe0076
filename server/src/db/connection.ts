import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { PreparingClient } from './prepared.ts';
import type { Database } from './schema.ts';
import { pgliteListen, postgresListen, type Listen } from './notifications.ts';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type DatabaseKind = 'pglite' | 'postgres';
export type Db = Kysely<Database>;
/**
 * A transaction: what a helper takes when it locks rows or writes a change with its history
 * and outbox rows. The pool is not one, so passing it there is a type error.
 */
export type Trx = Transaction<Database>;

/** The connection pool of the moment (pg.Pool's counts): what GET /metrics reports. */
export interface PoolStats {
  /** Connections open, idle among them, and queries waiting for one. */
  total: number;
  idle: number;
  waiting: number;
  /** The pool's size: PGlite has one connection. */
  max: number;
}

export interface OpenDatabase {
  db: Db;
  kind: DatabaseKind;
  pool(): PoolStats;
  /** LISTEN on a channel of this database (NOTIFY reaches every instance after the commit). */
  listen: Listen;
  close(): Promise<void>;
  /** PGlite: the data directory as a tar image, to start other databases from (testing/templates.ts). */
  image?: () => Promise<Blob>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `image`: an in-memory database starts as a copy of that data directory image. */
  | { kind: 'pglite'; dataDir: string | null; image?: Blob };

/** The database the environment names: PostgreSQL at DATABASE_URL, else PGlite's directory. */
export const configuredDatabase = (config: {
  DATABASE_URL?: string | undefined;
  KEZEK_DATA_DIR: string;
}): DatabaseTarget =>
  config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: config.KEZEK_DATA_DIR };

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 20,
      Client: PreparingClient,
    });
    // An idle connection that the server closes (restart, failover, a dropped database) is removed
    // by the pool and replaced on the next query; without a listener the event would crash the process.
    pool.on('error', (error) => {
      if ((error as { code?: string }).code !== '57P01')
        console.error('kezek: idle database connection lost', error.message);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      pool: () => poolStats(pool),
      listen: postgresListen(target.url),
      close: () => db.destroy(),
    };
  }
  const releaseLock = target.dataDir ? await lockDataDir(target.dataDir) : async () => {};
  const pglite = await PGlite.create(target.dataDir ?? undefined, { loadDataDir: target.image });
  const pool = new pg.Pool({ ...createPgConfig(pglite), Client: PreparingClient });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pool: () => poolStats(pool),
    listen: pgliteListen(pglite),
    image: () => pglite.dumpDataDir('none'),
    close: async () => {
      await db.destroy();
      await pglite.close();
      await releaseLock();
    },
  };
}

function poolStats(pool: pg.Pool): PoolStats {
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max,
  };
}

/** PGlite does not lock its directory; two processes on one directory would corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const absolute = path.resolve(dataDir);
  await mkdir(absolute, { recursive: true });
  try {
    return await lockfile.lock(absolute, { lockfilePath: path.join(absolute, '.kezek.lock') });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new Error(`the data directory ${absolute} is in use by another kezek process`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Resolves when the database answers a statement: what the health check waits for. */
export async function databaseAnswers(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
