// `npm run bench [-- --quick] [-- --n=1000000] [-- --db=postgres|pglite|both] [-- --only=journal,…]`:
// builds a synthetic country on each database, runs the real server over it and measures; prints a
// table and writes bench/results/latest.json (with --only, bench/results/only-<measures>.json).
// See docs/performance.md.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../server/src/db/connection.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { generateCountry } from './generate.ts';
import { measureHttp } from './journal.ts';
import { LoadGenerator } from './load/driver.ts';
import { benchAdministrator, benchPki, type BenchPki } from './people.ts';
import { pgbenchSelectTps } from './pgbench.ts';
import { round } from './percentiles.ts';
import { measureQueueLookup } from './queue-lookup.ts';
import { renumberQueues } from '../../server/src/jobs/queue-numbers.ts';
import { measureRegistrations } from './registrations.ts';
import { measureLogAppendOverhead } from './log-append.ts';
import { measureRelease } from './release.ts';
import { measureCrowds } from './crowds.ts';
import { measureBatchedFreeChoice } from './batched-free-choice.ts';
import { startBenchServer } from './server.ts';
import { GOALS, judge, printTable } from './report.ts';
import { measureVerify } from './verify.ts';
import { measurePublicQueue } from './public-queue.ts';
import { measureQueueImport } from './queue-import.ts';
import { measureDashboard } from './dashboard.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    db: { type: 'string', default: 'both' },
    seed: { type: 'string', default: '20261123' },
    only: { type: 'string' },
  },
});
/**
 * The measures of a run: all, or those of --only (verify, lookup, journal, pgbench, release, rush,
 * nat, flood, registrations, logAppend, batchedFreeChoice, publicQueue, queueImport, dashboardP99Ms, growth; flood
 * needs rush).
 */
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (measure: string) => only === null || only.has(measure);
/** The measures taken on the generated country: without them (`--only=queueImport`) none is made. */
const COUNTRY_MEASURES = [
  'lookup',
  'journal',
  'release',
  'rush',
  'nat',
  'flood',
  'registrations',
  'logAppend',
  'batchedFreeChoice',
  'publicQueue',
  'dashboardP99Ms',
  'growth',
];
const quick = values.quick;
const n = Number(values.n ?? (quick ? 100_000 : 1_000_000));
const plan = {
  growth: wanted('growth') ? [10_000, 100_000, 1_000_000].filter((size) => size < n) : [],
  rushClients: quick ? 2000 : 10_000,
  rushPlaces: 500,
  registrations: quick ? 500 : 2000,
  natParents: 200,
  seconds: quick ? 5 : 10,
};
const seed = Number(values.seed);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const targets = values.db === 'both' ? ['postgres', 'pglite'] : [values.db!];

async function freshDatabase(kind: string): Promise<OpenDatabase & { version: string }> {
  if (kind === 'pglite') {
    const opened = await openDatabase({ kind: 'pglite', dataDir: null });
    return { ...opened, version: await versionOf(opened) };
  }
  const name = `kezek_bench_${Date.now()}`;
  const admin = await openDatabase({ kind: 'postgres', url: serverUrl, poolSize: 1 }).catch(
    (error: Error) => {
      throw new Error(
        `PostgreSQL at ${serverUrl} does not answer (${error.message}). Start it, e.g. ` +
          '`pg_ctlcluster 15 main start`, or set DATABASE_URL; or run with --db=pglite.',
      );
    },
  );
  await sql.raw(`create database ${name}`).execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // The server's own pool size (20), as main.ts opens it.
  const opened = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...opened,
    version: await versionOf(opened),
    close: async () => {
      await opened.close();
      await sql.raw(`drop database ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

/** A legacy export of n rows imported into an empty country of its own, the log on. */
async function importedQueue(target: string) {
  const database = await freshDatabase(target);
  try {
    await migrateToLatest(database.db);
    await database.db.updateTable('log_head').set({ started: true }).execute();
    return { measured: await measureQueueImport(database.db, n, seed), version: database.version };
  } finally {
    await database.close();
  }
}

async function versionOf(opened: OpenDatabase): Promise<string> {
  return (
    await sql<{ v: string }>`select current_setting('server_version') as v`.execute(opened.db)
  ).rows[0]!.v;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One country of `size` applications on a fresh database: the lookup and release, and with `full` the rest. */
async function measureCountry(
  target: string,
  size: number,
  full: boolean,
  pki: BenchPki,
  load: LoadGenerator,
) {
  const database = await freshDatabase(target);
  try {
    await migrateToLatest(database.db);
    const loadStart = performance.now();
    const country = await generateCountry(database.db, size, seed);
    const loadSeconds = round((performance.now() - loadStart) / 1000, 1);
    log(`${target} ${size}: country loaded in ${loadSeconds} s`);
    // As a server does at start for the queues that are behind: every queue of the new country.
    const numberStart = performance.now();
    await renumberQueues(database.db);
    const numberingSeconds = round((performance.now() - numberStart) / 1000, 1);
    log(`${target} ${size}: queue numbers stored in ${numberingSeconds} s`);
    const lookup =
      wanted('lookup') || !full
        ? await measureQueueLookup(database.db, country.regionId, 2000, seed)
        : null;
    if (lookup) log(`${target} ${size}: queue number in-process p99 ${lookup.p99Ms} ms`);
    const server = await startBenchServer(database, pki.trustFile);
    try {
      const adminUserId = await benchAdministrator(database.db);
      const http =
        full && wanted('journal')
          ? await measureHttp(database.db, server, load, country.regionId, plan.seconds, seed)
          : null;
      if (http) log(`${target} ${size}: journal ${http.journalRps} rps, bare ${http.bareRps} rps`);
      const release =
        wanted('release') || !full
          ? await measureRelease(database.db, server, load, country.regionId, adminUserId)
          : null;
      if (release)
        log(`${target} ${size}: release of ${release.places} places in ${release.releaseMs} ms`);
      if (!full)
        return { size, loadSeconds, numberingSeconds, lookup, release, version: database.version };
      const publicQueue = wanted('publicQueue')
        ? await measurePublicQueue(database.db, server, country.regionId, 500, seed)
        : null;
      if (publicQueue)
        log(`${target} ${size}: public queue page p99 ${publicQueue.publicQueuePageP99Ms} ms`);
      const dashboard = wanted('dashboardP99Ms')
        ? await measureDashboard(database.db, server, country.districtIds, adminUserId, 300, seed)
        : null;
      if (dashboard)
        log(
          `${target} ${size}: dashboard p99 ${dashboard.dashboardP99Ms} ms, of four districts ${dashboard.dashboardFourDistrictsP99Ms} ms (the queue counted in ${dashboard.dashboardQueueCountMs} ms, the four districts' set kept in ${dashboard.dashboardSetKeptMs} ms)`,
        );
      const batchedFreeChoice = wanted('batchedFreeChoice')
        ? await measureBatchedFreeChoice(database.db, country.regionId, adminUserId, seed)
        : null;
      if (batchedFreeChoice)
        log(
          `${target} ${size}: ${batchedFreeChoice.requests} batched free-choice requests decided in ${batchedFreeChoice.batchedFreeChoiceMs} ms`,
        );
      const crowds = await measureCrowds(database.db, server, load, pki, {
        regionId: country.regionId,
        adminUserId,
        clients: plan.rushClients,
        places: plan.rushPlaces,
        natParents: plan.natParents,
        wanted,
        log: (line) => log(`${target} ${size}: ${line}`),
      });
      const registrations = wanted('registrations')
        ? await measureRegistrations(
            database.db,
            server,
            load,
            pki,
            country.regionId,
            plan.registrations,
          )
        : null;
      if (registrations)
        log(`${target} ${size}: ${registrations.registrationsPerSec} signed registrations/s`);
      const logAppend = wanted('logAppend')
        ? await measureLogAppendOverhead(database.db, (round) =>
            measureRegistrations(
              database.db,
              server,
              load,
              pki,
              country.regionId,
              plan.registrations / 2,
              // After the families of the registrations measured above.
              plan.registrations * (1 + round),
            ),
          )
        : null;
      if (logAppend)
        log(
          `${target} ${size}: the transparency log costs ${logAppend.logAppendOverheadPct} % of registrations/s`,
        );
      return {
        size,
        loadSeconds,
        numberingSeconds,
        lookup,
        release,
        http,
        rush: crowds.rush,
        rushVsBare: crowds.rushVsBare,
        nat: crowds.nat,
        flood: crowds.flood,
        registrations,
        logAppend,
        batchedFreeChoice,
        publicQueue,
        dashboard,
        version: database.version,
      };
    } finally {
      await server.close();
    }
  } finally {
    await database.close();
  }
}

const pki = await benchPki();
const load = new LoadGenerator();
const results = [];
try {
  for (const target of targets) {
    const pgbench =
      target === 'postgres' && wanted('pgbench')
        ? await pgbenchSelectTps(serverUrl, plan.seconds)
        : null;
    const verify = wanted('verify') ? await measureVerify(pki) : null;
    if (verify)
      log(
        `${target}: verification p50 ${verify.verifyP50Ms} ms, ${verify.verifyVsOpenssl}× openssl`,
      );
    const main = COUNTRY_MEASURES.some(wanted)
      ? await measureCountry(target, n, true, pki, load)
      : null;
    const queueImport = wanted('queueImport') ? await importedQueue(target) : null;
    if (queueImport)
      log(`${target}: queue import of ${n} rows in ${queueImport.measured.importSec} s`);
    const growth = [];
    for (const size of plan.growth)
      growth.push(await measureCountry(target, size, false, pki, load));
    if (main) growth.push(main);
    // A measure left out by --only leaves its keys out.
    const result = {
      db: target,
      dbVersion: main?.version ?? queueImport?.version,
      n,
      loadSeconds: main?.loadSeconds,
      numberingSeconds: main?.numberingSeconds,
      queueNumberP50Ms: main?.lookup?.p50Ms,
      queueNumberP99Ms: main?.lookup?.p99Ms,
      ...main?.http,
      pgbenchSelectTps: pgbench === null ? null : round(pgbench, 0),
      journalVsPgbench:
        pgbench === null || !main?.http ? null : round(main.http.journalRps / pgbench, 3),
      release10kMs: main?.release?.releaseMs,
      release: main?.release,
      rush: main?.rush,
      rushVsBare: main?.rushVsBare,
      nat: main?.nat,
      flood: main?.flood,
      registrationsPerSec: main?.registrations?.registrationsPerSec,
      registrations: main?.registrations,
      ...main?.logAppend,
      batchedFreeChoiceMs: main?.batchedFreeChoice?.batchedFreeChoiceMs,
      batchedFreeChoice: main?.batchedFreeChoice,
      ...main?.publicQueue,
      ...queueImport?.measured,
      ...main?.dashboard,
      ...verify,
      growth: growth.map((g) => ({
        n: g.size,
        queueNumberP99Ms: g.lookup?.p99Ms,
        releaseMs: g.release?.releaseMs,
      })),
    };
    results.push({ ...result, goals: judge(result) });
  }
} finally {
  load.stop();
}

const machine = {
  cores: os.cpus().length,
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  postgres: results.find((r) => r.db === 'postgres')?.dbVersion ?? null,
  pglite: results.find((r) => r.db === 'pglite')?.dbVersion ?? null,
};
printTable(results, machine);
await mkdir(new URL('../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL(`../results/${only ? `only-${[...only].join('-')}` : 'latest'}.json`, import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), quick, goals: GOALS, machine, results }, null, 2)}\n`,
);
