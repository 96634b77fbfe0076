import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { QueueImportRowProblem } from '@kezek/contracts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { conflict } from '../problem.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { fileSha256, headerOf } from './file.ts';
import { importFile, type ImportCounts } from './load.ts';
import { loadReference, validateFile, type Validation } from './validate.ts';

export interface ImportContext {
  db: Db;
  clock: Clock;
  actor: string;
  pseudonyms: Pseudonyms;
  /** Rows per transaction (load.ts's IMPORT_BATCH unless said). */
  batchRows?: number;
}

export interface Validated {
  importId: string;
  validation: Validation;
}

/** Refused rows written per statement. */
const PROBLEM_BATCH = 5000;

/**
 * The file's checkpoint row, found by its sha256 or made: a file met before keeps its progress
 * (a resume) and its counts (a second import changes nothing).
 */
export async function checkpointOf(
  { db, clock, actor }: Pick<ImportContext, 'db' | 'clock' | 'actor'>,
  fileName: string,
  content: Buffer,
): Promise<string> {
  const header = await headerOf(content);
  const now = clock.now();
  const row = await db
    .insertInto('queue_imports')
    .values({
      file_sha256: fileSha256(content),
      file_name: fileName,
      header,
      state: 'validating',
      actor,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('file_sha256').doUpdateSet({
        file_name: fileName,
        updated_at: now,
        state: sql`case when queue_imports.state in ('importing', 'done') then queue_imports.state else 'validating' end`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Validates the whole file and keeps its refused rows by row number (those of an earlier
 * validation of the same file are replaced: the database may have changed since).
 */
export async function validateImport(
  context: ImportContext,
  importId: string,
  content: Buffer,
  onProgress?: (done: number) => void,
): Promise<Validation> {
  const { db, clock } = context;
  const validation = await validateFile(
    db,
    content,
    await loadReference(db, clock.now()),
    onProgress,
  );
  const refused = [...validation.problems].sort(([a], [b]) => a - b);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('queue_import_problems').where('import_id', '=', importId).execute();
    for (let start = 0; start < refused.length; start += PROBLEM_BATCH) {
      const part = refused.slice(start, start + PROBLEM_BATCH);
      await sql`
        insert into queue_import_problems (import_id, row_number, codes, record)
        select ${importId}, r, array(select jsonb_array_elements_text(c)),
          array(select jsonb_array_elements_text(rec))
        from unnest(${part.map(([row]) => row)}::int[],
          ${part.map(([, p]) => JSON.stringify(p.codes))}::jsonb[],
          ${part.map(([, p]) => JSON.stringify(p.record))}::jsonb[]) as t(r, c, rec)`.execute(trx);
    }
    await trx
      .updateTable('queue_imports')
      .set({
        rows: validation.rows,
        rejected: refused.length,
        updated_at: clock.now(),
        state: sql`case when state in ('importing', 'done') then state else 'validated' end`,
      })
      .where('id', '=', importId)
      .execute();
  });
  return validation;
}

export const importNotClean = () =>
  conflict(
    'import_not_clean',
    'The file has refused rows: correct them, or import only the clean rows',
  );

/**
 * Imports a validated file: all of it when clean, else only its clean rows when asked to.
 * Resumes after the checkpoint of an earlier run of the same file.
 */
export async function runImport(
  context: ImportContext,
  importId: string,
  content: Buffer,
  validation: Validation,
  onlyClean: boolean,
  onProgress?: (done: number) => void,
): Promise<ImportCounts> {
  if (validation.problems.size > 0 && !onlyClean) throw importNotClean();
  await context.db
    .updateTable('queue_imports')
    .set({ state: 'importing', only_clean: onlyClean, updated_at: context.clock.now() })
    .where('id', '=', importId)
    .execute();
  return importFile(
    { ...context, reference: await loadReference(context.db, context.clock.now()) },
    importId,
    content,
    new Set(validation.problems.keys()),
    onProgress,
  );
}

/** The refused rows as a CSV file: the file's own columns and `problems`, to correct and import. */
export async function rejectedCsv(db: Db, importId: string): Promise<string> {
  const { header } = await db
    .selectFrom('queue_imports')
    .select('header')
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('queue_import_problems')
    .select(['row_number', 'codes', 'record'])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .execute();
  return rejectedFile(
    header,
    rows.map((r) => ({
      row: r.row_number,
      codes: r.codes as QueueImportRowProblem[],
      record: r.record,
    })),
  );
}

export function rejectedFile(
  header: readonly string[],
  rows: readonly { row: number; codes: readonly string[]; record: readonly string[] }[],
): string {
  return stringify([
    [...header, 'row', 'problems'],
    ...rows.map((r) => [
      ...header.map((_, i) => r.record[i] ?? ''),
      String(r.row),
      r.codes.join(' '),
    ]),
  ]);
}
