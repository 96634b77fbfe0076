import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AdjustableClock } from '../clock.ts';
import { readConfig, type Config } from '../config.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { demoDecision } from '../demo/mode.ts';
import { prepareDatabase } from '../startup.ts';

// Every test file used to start from an empty database: PGlite's initdb, the migrations and the
// demo city each time, most of a small test file's run (tens of seconds on a loaded machine).
// The test run's global setup (vitest.setup.ts) makes each start once — a PGlite data directory
// image, or a PostgreSQL template database — and each file starts from a copy. A copy is what
// the same steps on an empty database give, so the tests see no difference.

/** Where a test database starts: migrated, or as a default test app prepares it (the demo city). */
export type TemplateKind = 'migrated' | 'demo';
const KINDS: readonly TemplateKind[] = ['migrated', 'demo'];

/** The templates of one run: a PGlite image file, or a PostgreSQL database name, per kind. */
export type TestTemplates = Record<TemplateKind, string> & { kind: 'pglite' | 'postgres' };

/** The clock every test app starts at: the demo city is seeded at this instant. */
export const TEST_START = new Date('2026-03-02T09:00:00+05:00');

/** The configuration the 'demo' template is prepared with (and startTestApp's defaults). */
export function testConfig(env: Record<string, string> = {}): Config {
  return readConfig({ KEZEK_DEMO: '1', KEZEK_TEST_API: '1', LOG_LEVEL: 'silent', ...env });
}

/** Which template gives what prepareDatabase would make of an empty database with `config`. */
export function templateFor(config: Config): TemplateKind {
  const decision = demoDecision({
    request: config.KEZEK_DEMO,
    trustedCas: (config.KEZEK_TRUSTED_CAS ?? []).length > 0,
    testApi: config.KEZEK_TEST_API,
    origin: 'empty',
  });
  return 'demo' in decision && decision.demo ? 'demo' : 'migrated';
}

async function fill(db: Db, kind: TemplateKind): Promise<void> {
  if (kind === 'migrated') await migrateToLatest(db);
  else
    await prepareDatabase(db, testConfig(), new AdjustableClock(TEST_START), { demoKeys: false });
}

/** Makes the templates for a run on `serverUrl` (PostgreSQL) or, without it, on PGlite. */
export async function makeTestTemplates(
  serverUrl: string | undefined,
): Promise<{ templates: TestTemplates; remove(): Promise<void> }> {
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), 'kezek-templates-'));
    const files = {} as Record<TemplateKind, string>;
    for (const kind of KINDS) {
      const opened = await openDatabase({ kind: 'pglite', dataDir: null });
      await fill(opened.db, kind);
      files[kind] = path.join(dir, `${kind}.tar`);
      await writeFile(files[kind], Buffer.from(await (await opened.image!()).arrayBuffer()));
      await opened.close();
    }
    return {
      templates: { kind: 'pglite', ...files },
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const names = {} as Record<TemplateKind, string>;
  const suffix = randomBytes(4).toString('hex');
  for (const kind of KINDS) {
    names[kind] = `kezek_template_${kind}_${suffix}`;
    await adminQuery(serverUrl, `create database ${names[kind]}`);
    const opened = await openDatabase({
      kind: 'postgres',
      url: databaseUrl(serverUrl, names[kind]),
    });
    await fill(opened.db, kind);
    await opened.close();
  }
  return {
    templates: { kind: 'postgres', ...names },
    remove: async () => {
      for (const kind of KINDS)
        await adminQuery(serverUrl, `drop database if exists ${names[kind]} with (force)`);
    },
  };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
