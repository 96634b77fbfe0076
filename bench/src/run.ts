// `npm run bench [-- --quick] [-- --n=1000000] [-- --db=postgres|pglite|both]`: builds a synthetic
// country on each database and measures it; prints a table and writes bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { openDatabase, type OpenDatabase } from '../../server/src/db/connection.ts';
import { generateCountry } from './generate.ts';
import { measureQueueLookup } from './queue-lookup.ts';
import { round } from './percentiles.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    db: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '20261123' },
  },
});
const n = Number(values.n ?? (values.quick ? 100_000 : 1_000_000));
const seed = Number(values.seed);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const targets = values.db === 'both' ? ['postgres', 'pglite'] : [values.db!];

async function freshDatabase(
  kind: string,
): Promise<OpenDatabase & { version: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const opened = await openDatabase({ kind: 'pglite', dataDir: null });
    return { ...opened, version: await versionOf(opened), drop: opened.close };
  }
  const name = `kezek_bench_${Date.now()}`;
  const admin = await openDatabase({ kind: 'postgres', url: serverUrl, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  return {
    ...opened,
    version: await versionOf(opened),
    drop: async () => {
      await opened.close();
      await sql.raw(`drop database ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

async function versionOf(opened: OpenDatabase): Promise<string> {
  return (
    await sql<{ v: string }>`select current_setting('server_version') as v`.execute(opened.db)
  ).rows[0]!.v;
}

const GOALS = { queueNumberP99Ms: 5 };
const results = [];
for (const target of targets) {
  const database = await freshDatabase(target);
  try {
    await migrateToLatest(database.db);
    const loadStart = performance.now();
    const country = await generateCountry(database.db, n, seed);
    const loadSeconds = round((performance.now() - loadStart) / 1000, 1);
    const lookup = await measureQueueLookup(database.db, country.regionId, 2000, seed);
    results.push({
      db: target,
      dbVersion: database.version,
      n,
      loadSeconds,
      queueNumberP50Ms: lookup.p50Ms,
      queueNumberP99Ms: lookup.p99Ms,
      goals: { queueNumberP99Ms: lookup.p99Ms <= GOALS.queueNumberP99Ms ? 'met' : 'missed' },
    });
    console.log(
      `${target}: ${n} applications loaded in ${loadSeconds}s; queue number p50 ${lookup.p50Ms} ms, p99 ${lookup.p99Ms} ms`,
    );
  } finally {
    await database.drop();
  }
}

const machine = {
  cores: os.cpus().length,
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
};
console.log('\n| db | n | load s | queue number p50 ms | p99 ms | goal p99 ≤ 5 ms |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.db} ${r.dbVersion} | ${r.n} | ${r.loadSeconds} | ${r.queueNumberP50Ms} | ${r.queueNumberP99Ms} | ${r.goals.queueNumberP99Ms} |`,
  );
}
console.log(
  `\nmachine: ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.cpu}`,
);
await mkdir(new URL('../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../results/latest.json', import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`,
);
