import type { Trx } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import type { CommandContext } from '../context.ts';

/** Runs an administrative change and its history row in one transaction. */
export async function auditedChange<T>(
  { db, clock, user }: CommandContext,
  change: (trx: Trx) => Promise<{
    result: T;
    event: string;
    subjectType: string;
    subjectId: number | string;
    before: unknown;
    after: unknown;
  }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, ...entry } = await change(trx);
    await appendHistory(trx, { ...entry, at: clock.now(), actor: `user:${user.id}` });
    return result;
  });
}
