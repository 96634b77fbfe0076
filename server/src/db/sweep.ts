import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
} from 'kysely';
import type { Db } from './connection.ts';
import type { Database } from './schema.ts';

/**
 * The tables that would only grow — expired sessions, used nonces past their expiry, uploads never
 * attached — are swept by the deadline jobs in bounded batches: each statement deletes at most
 * `batch` rows (claimed with SKIP LOCKED, so instances sweeping at once share the work instead of
 * waiting on each other), and one run stops after `maxBatches` statements; the next run goes on.
 * No statement holds a long lock or writes a huge WAL record, however much has piled up.
 */
export interface SweepBounds {
  batch: number;
  maxBatches: number;
}

export const SWEEP_BOUNDS: SweepBounds = { batch: 1000, maxBatches: 100 };

/** Which rows of a table a sweep deletes: those `stale` picks, claimed by their key. */
export interface Sweep<Table extends keyof Database & string> {
  table: Table;
  key: keyof Database[Table] & string;
  stale: (eb: ExpressionBuilder<Database, Table>) => Expression<SqlBool>;
}

/** Deletes the sweep's rows, a claimed batch a statement, until a batch comes back short or the cap. */
export async function deleteClaimedBatches<Table extends keyof Database & string>(
  db: Db,
  sweep: Sweep<Table>,
  bounds: SweepBounds,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < bounds.maxBatches; i += 1) {
    const count = await deleteClaimedBatch(db, sweep, bounds.batch);
    deleted += count;
    if (count < bounds.batch) break;
  }
  return deleted;
}

/**
 * One statement: the batch is claimed and deleted at once. Written as SQL because Kysely's
 * builder cannot check a table chosen by a type parameter; `Sweep` checks the names instead.
 */
async function deleteClaimedBatch<Table extends keyof Database & string>(
  db: Db,
  { table, key, stale }: Sweep<Table>,
  limit: number,
): Promise<number> {
  const result = await sql`
    delete from ${sql.table(table)} where ${sql.ref(key)} in (
      select ${sql.ref(key)} from ${sql.table(table)}
      where ${stale(expressionBuilder<Database, Table>())}
      limit ${limit} for update skip locked
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
