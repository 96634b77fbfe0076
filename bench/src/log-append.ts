import type { Db } from '../../server/src/db/connection.ts';
import { round } from './percentiles.ts';

/**
 * What the transparency log costs registration (issue 18: `logAppendOverheadPct`, goal ≤ 10 %):
 * signed registrations per second with the log's appending switched off and on, alternated twice
 * so that neither side has the warm-up or the grown tables alone. The switch is the log's
 * `started` flag (migration 0039), which the append path reads under its lock: off, the history
 * rows are written and no leaf.
 */
export async function measureLogAppendOverhead(
  db: Db,
  /** Registrations of new families; `round` numbers them apart. */
  registrations: (round: number) => Promise<{ registrationsPerSec: number }>,
) {
  const perSec = { on: [] as number[], off: [] as number[] };
  for (const [round, appending] of [false, true, false, true].entries()) {
    await db.updateTable('log_head').set({ started: appending }).execute();
    const measured = await registrations(round);
    perSec[appending ? 'on' : 'off'].push(measured.registrationsPerSec);
  }
  await db.updateTable('log_head').set({ started: true }).execute();
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const [on, off] = [mean(perSec.on), mean(perSec.off)];
  return {
    registrationsPerSecWithLog: round(on, 1),
    registrationsPerSecWithoutLog: round(off, 1),
    logAppendOverheadPct: round(((off - on) / off) * 100, 1),
  };
}
