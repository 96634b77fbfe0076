import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyExport } from '../testing/legacy-export.ts';
import { seedCity, type FaultCity } from './city.ts';
import { until } from './rush.ts';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const ROWS = 30_000;

/** `npm run queue:import -- <file>` in its own process over the city's database. */
function importProcess(city: FaultCity, file: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/queue-import/cli.ts', file],
    {
      cwd: repository,
      env: { PATH: process.env.PATH, DATABASE_URL: city.databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

/**
 * kill -9 of `npm run queue:import` halfway through a file (issue 20, item 3): the next run
 * resumes after the last committed batch, and the result is every row once — the same as an
 * import that never stopped — with the history's chain whole and the invariants holding; a third
 * run of the same file changes nothing. PostgreSQL only (the import runs in another process).
 */
describe.skipIf(!process.env.DATABASE_URL)('a queue import killed with SIGKILL', () => {
  let city: FaultCity;
  let dir: string;
  beforeAll(async () => {
    city = await seedCity();
    dir = await mkdtemp(path.join(tmpdir(), 'kezek-import-crash-'));
  });
  afterAll(async () => {
    await city?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const imported = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*)::text as n from applications
          where number like 'LEG.%'`.execute(city.db)
      ).rows[0]!.n,
    );

  it('resumes after the last committed batch, and every row is imported once', async () => {
    const file = path.join(dir, 'queue.csv');
    await writeFile(file, legacyExport(ROWS, [city.districtId], 20));

    const first = importProcess(city, file);
    await until(async () => {
      const checkpoint = await city.db
        .selectFrom('queue_imports')
        .select('done_rows')
        .executeTakeFirst();
      return (checkpoint?.done_rows ?? 0) >= 5000;
    }, 180_000);
    first.child.kill('SIGKILL');
    expect(await first.exited, first.output()).toBe(null);
    const atKill = await imported();
    expect(atKill).toBeGreaterThanOrEqual(5000);
    expect(atKill, 'killed before the end').toBeLessThan(ROWS);

    const second = importProcess(city, file);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toMatch(/resuming after row \d+/);
    expect(await imported()).toBe(ROWS);
    const duplicates = await sql<{ n: string }>`select count(*)::text as n from (
        select number from applications group by number having count(*) > 1) d`.execute(city.db);
    expect(duplicates.rows[0]!.n).toBe('0');
    const history = await sql<{ n: string }>`select count(*)::text as n from history
      where event = 'application.imported'`.execute(city.db);
    expect(history.rows[0]!.n).toBe(String(ROWS));
    expect(await city.invariants()).toEqual([]);

    const third = importProcess(city, file);
    expect(await third.exited, third.output()).toBe(0);
    expect(await imported()).toBe(ROWS);
  });
});
