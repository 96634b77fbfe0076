import { performance } from 'node:perf_hooks';
import { systemClock } from '../../server/src/clock.ts';
import type { Db } from '../../server/src/db/connection.ts';
import { renumberQueues } from '../../server/src/jobs/queue-numbers.ts';
import { Pseudonyms } from '../../server/src/pseudonym.ts';
import { checkpointOf, runImport, validateImport } from '../../server/src/queue-import/session.ts';
import { legacyExport } from '../../server/src/testing/legacy-export.ts';
import { generateCountry } from './generate.ts';
import { round } from './percentiles.ts';

/**
 * `import1mSec` (issue 20, goal ≤ 300 s): `npm run queue:import`'s work on a file of `n` rows
 * into an empty country — validation, the import in checkpointed batches with the history and the
 * transparency log, the queue numbers — timed from the file in memory to the last number stored;
 * at another size than 1 M, scaled linearly (and said so by `importRows`).
 */
export async function measureQueueImport(db: Db, n: number, seed: number) {
  const country = await generateCountry(db, 0, seed);
  const content = legacyExport(n, country.districtIds, seed);
  const context = {
    db,
    clock: systemClock,
    actor: 'system',
    pseudonyms: new Pseudonyms('bench-pseudonym-key-of-at-least-32-chars'),
  };
  const started = performance.now();
  const importId = await checkpointOf(context, 'bench.csv', content);
  const validation = await validateImport(context, importId, content);
  if (validation.problems.size > 0)
    throw new Error(`bench export refused: ${JSON.stringify([...validation.problems][0])}`);
  const validated = performance.now();
  const counts = await runImport(context, importId, content, validation, false);
  if (counts.imported !== n) throw new Error(`imported ${counts.imported} of ${n}`);
  const imported = performance.now();
  await renumberQueues(db);
  const done = performance.now();
  const seconds = (done - started) / 1000;
  return {
    importRows: n,
    importMb: round(content.length / 2 ** 20, 1),
    importValidateSec: round((validated - started) / 1000, 1),
    importWriteSec: round((imported - validated) / 1000, 1),
    importNumberingSec: round((done - imported) / 1000, 1),
    importSec: round(seconds, 1),
    import1mSec: round((seconds * 1_000_000) / n, 1),
  };
}
