// `npm run queue:import -- file.csv [--only-clean] [--rejected rejected.csv]`: imports a legacy
// system's queue export (docs/operations.md, "Importing an existing queue").
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { QueueImportProgress } from '@kezek/contracts';
import { systemClock } from '../clock.ts';
import { readConfig } from '../config.ts';
import { configuredDatabase, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { renumberQueues } from '../jobs/queue-numbers.ts';
import { Pseudonyms } from '../pseudonym.ts';
import { storedSecret } from '../startup.ts';
import { progressOf } from './progress.ts';
import { checkpointOf, rejectedFile, runImport, validateImport } from './session.ts';
import { approximateRows } from './file.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'only-clean': { type: 'boolean' }, rejected: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: npm run queue:import -- <queue.csv> [--only-clean] [--rejected <file>]');
  process.exit(2);
}

const LISTED_PROBLEMS = 50;

/** `validating [#########...........] 45 % 450000/1000000 rows, 3400 rows/s, 2 min 41 s left` */
function progressLine(p: QueueImportProgress): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
  const rate = p.ratePerSecond === null ? '' : `, ${p.ratePerSecond} rows/s`;
  const left =
    p.secondsLeft === null
      ? ''
      : `, ${Math.floor(p.secondsLeft / 60)} min ${p.secondsLeft % 60} s left`;
  return `${p.phase.padEnd(10)} [${bar}] ${Math.round(share * 100)} % ${p.done}/${p.total} rows${rate}${left}`;
}

function progressBar(phase: QueueImportProgress['phase'], total: number, from = 0) {
  const began = { at: performance.now(), done: from };
  let shown = 0;
  return (done: number, final = false) => {
    const now = performance.now();
    if (!final && now - shown < 500) return;
    shown = now;
    const line = progressLine(progressOf(phase, done, total, began, now));
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    else console.error(line);
  };
}

async function main(file: string): Promise<void> {
  const content = await readFile(file);
  const config = readConfig(process.env);
  const database = await openDatabase(configuredDatabase(config));
  try {
    const db = database.db;
    await migrateToLatest(db);
    const pseudonymKey = config.KEZEK_PSEUDONYM_KEY ?? (await storedSecret(db, 'pseudonym_key'));
    const context = {
      db,
      clock: systemClock,
      actor: 'system',
      pseudonyms: new Pseudonyms(pseudonymKey),
    };
    const importId = await checkpointOf(context, file, content);
    const validating = progressBar('validating', approximateRows(content));
    const validation = await validateImport(context, importId, content, validating);
    validating(validation.rows, true);
    const refused = [...validation.problems].sort(([a], [b]) => a - b);
    for (const [row, problem] of refused.slice(0, LISTED_PROBLEMS))
      console.error(`row ${row}: ${problem.codes.join(', ')}`);
    if (refused.length > LISTED_PROBLEMS)
      console.error(`… and ${refused.length - LISTED_PROBLEMS} more refused rows`);
    if (refused.length > 0) {
      const header = (
        await db
          .selectFrom('queue_imports')
          .select('header')
          .where('id', '=', importId)
          .executeTakeFirstOrThrow()
      ).header;
      const out = values.rejected ?? `${file}.rejected.csv`;
      await writeFile(
        out,
        rejectedFile(
          header,
          refused.map(([row, p]) => ({ row, codes: p.codes, record: p.record })),
        ),
      );
      console.error(`${refused.length} of ${validation.rows} rows refused: written to ${out}`);
      if (!values['only-clean']) {
        console.error('nothing imported: correct the rows, or run again with --only-clean');
        process.exitCode = 1;
        return;
      }
    }
    const { done_rows: from } = await db
      .selectFrom('queue_imports')
      .select('done_rows')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    if (from > 0 && from < validation.rows) console.error(`resuming after row ${from + 1}`);
    const importing = progressBar('importing', validation.rows, from);
    const counts = await runImport(
      context,
      importId,
      content,
      validation,
      values['only-clean'] ?? false,
      importing,
    );
    importing(validation.rows, true);
    // The queue numbers of the queues the import changed, as the server's worker would.
    await renumberQueues(db);
    console.log(
      `imported ${counts.imported} applications, ${counts.skipped} already there, ` +
        `${refused.length} refused (${database.kind})`,
    );
  } finally {
    await database.close();
  }
}

try {
  await main(file);
} catch (error) {
  console.error(`queue import failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
