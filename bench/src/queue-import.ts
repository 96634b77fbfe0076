import { performance } from 'node:perf_hooks';
import { QUEUE_IMPORT_COLUMNS } from '@kezek/contracts';
import { addCalendarDays, makeIin } from '@kezek/domain';
import { systemClock } from '../../server/src/clock.ts';
import type { Db } from '../../server/src/db/connection.ts';
import { renumberQueues } from '../../server/src/jobs/queue-numbers.ts';
import { Pseudonyms } from '../../server/src/pseudonym.ts';
import { checkpointOf, runImport, validateImport } from '../../server/src/queue-import/session.ts';
import { generateCountry } from './generate.ts';
import { round } from './percentiles.ts';
import { seededRandom } from './random.ts';

const BIRTH_DAYS = 5 * 365; // children born 2021–2025: under the default age limit of 7
const CLASSES = ['general', 'first_priority', 'out_of_turn'] as const;
const CATEGORY = { general: '', first_priority: 'large_family', out_of_turn: 'military' } as const;

/**
 * A legacy export of `n` applications over the country's 20 districts (by id), with valid IINs
 * (the i-th child born on day i mod BIRTH_DAYS of 2021–2025, as generate.ts makes them), about
 * 2 % out-of-turn and 15 % first-priority, each registered 30 to 330 days after birth.
 */
export function legacyExport(n: number, districtIds: readonly number[], seed: number): Buffer {
  const random = seededRandom(seed);
  const lines = [QUEUE_IMPORT_COLUMNS.join(',')];
  for (let i = 0; i < n; i += 1) {
    const birth = addCalendarDays('2021-01-01', i % BIRTH_DAYS);
    const roll = random();
    const cls = CLASSES[roll < 0.02 ? 2 : roll < 0.17 ? 1 : 0];
    const at = new Date(`${addCalendarDays(birth, 30 + (i % 300))}T10:00:00+05:00`);
    at.setTime(at.getTime() + (i % 3600) * 1000);
    lines.push(
      [
        `LEG.${String(i + 1).padStart(8, '0')}`,
        makeIin(birth, i % 2 ? 'male' : 'female', 2 * Math.floor(i / BIRTH_DAYS)),
        birth,
        makeIin(addCalendarDays('1985-01-01', i % 3650), 'female', 2 * Math.floor(i / 7300)),
        '',
        '+77010000000',
        String(districtIds[Math.floor(random() * districtIds.length)]),
        cls,
        CATEGORY[cls],
        at.toISOString(),
        'queued',
        random() < 0.6 ? 'kk' : 'ru',
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

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
