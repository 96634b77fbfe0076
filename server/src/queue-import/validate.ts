import { sql } from 'kysely';
import type { QueueImportRowProblem } from '@kezek/contracts';
import { ACTIVE_STATUSES } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { recordsOf } from './file.ts';
import { checkRow, type ImportReference, type ImportRow } from './rows.ts';

export interface RowProblems {
  codes: QueueImportRowProblem[];
  record: string[];
}

export interface Validation {
  rows: number;
  /** The refused rows by row number. */
  problems: Map<number, RowProblems>;
}

/** Rows checked against the database at once: two index lookups each, in one statement each. */
const LOOKUP_BATCH = 5000;

/** The districts by id and by name, and each region's age limit. */
export async function loadReference(db: Db, now: Date): Promise<ImportReference> {
  const districts = await db
    .selectFrom('districts')
    .select(['id', 'region_id', 'name_kk', 'name_ru', 'name_en'])
    .execute();
  const byKey = new Map<string, { id: number; regionId: number } | null>();
  for (const d of districts) {
    const value = { id: d.id, regionId: d.region_id };
    byKey.set(String(d.id), value);
    for (const name of new Set([d.name_kk, d.name_ru, d.name_en].map((n) => n.toLowerCase()))) {
      // A name two districts share names neither.
      byKey.set(name, byKey.has(name) ? null : value);
    }
  }
  const policies = await db
    .selectFrom('region_policies')
    .select(['region_id', 'age_limit_years', 'interest_months'])
    .execute();
  return {
    districts: new Map(
      [...byKey].filter((entry): entry is [string, { id: number; regionId: number }] =>
        Boolean(entry[1]),
      ),
    ),
    policies: new Map(
      policies.map((p) => [
        p.region_id,
        { ageLimitYears: p.age_limit_years, interestMonths: p.interest_months },
      ]),
    ),
    now,
  };
}

/**
 * Reads the whole file and finds every refused row: each row by itself (rows.ts), then numbers
 * and children twice in the file (the later rows are refused), then against the applications
 * already kept: a number another child holds, a child already in the region's queue under
 * another number. A row whose number and child are already kept is not refused: it was imported
 * before, and importing it again changes nothing.
 */
export async function validateFile(
  db: Db,
  content: Buffer,
  reference: ImportReference,
  onProgress: (done: number) => void = () => {},
): Promise<Validation> {
  const problems = new Map<number, RowProblems>();
  const refuse = (row: number, record: string[], codes: QueueImportRowProblem[]) => {
    const known = problems.get(row);
    if (known) known.codes.push(...codes);
    else problems.set(row, { codes, record });
  };
  const numbers = new Set<string>();
  const children = new Set<string>();
  let pending: { row: ImportRow; record: string[] }[] = [];
  let rows = 0;
  const flush = async () => {
    for (const [row, codes] of await refusedByDatabase(
      db,
      pending.map((p) => p.row),
    ))
      refuse(row, pending.find((p) => p.row.row === row)!.record, codes);
    pending = [];
    onProgress(rows);
  };
  for await (const { row, cells, record } of recordsOf(content)) {
    rows = row - 1;
    const checked = checkRow(cells, row, reference);
    const number = cells.number ?? '';
    const duplicates: QueueImportRowProblem[] = [];
    if (number && numbers.has(number)) duplicates.push('number_duplicate');
    numbers.add(number);
    if (checked.ok) {
      const child = `${checked.value.regionId}:${checked.value.childIin}`;
      if (children.has(child)) duplicates.push('child_duplicate');
      children.add(child);
    }
    if (!checked.ok || duplicates.length > 0)
      refuse(row, record, [...(checked.ok ? [] : checked.problems), ...duplicates]);
    else pending.push({ row: checked.value, record });
    if (pending.length >= LOOKUP_BATCH) await flush();
  }
  await flush();
  return { rows, problems };
}

async function refusedByDatabase(
  db: Db,
  rows: readonly ImportRow[],
): Promise<Map<number, QueueImportRowProblem[]>> {
  const refused = new Map<number, QueueImportRowProblem[]>();
  if (rows.length === 0) return refused;
  const add = (row: number, code: QueueImportRowProblem) =>
    refused.set(row, [...(refused.get(row) ?? []), code]);
  const kept = await db
    .selectFrom('applications')
    .select(['number', 'child_iin'])
    .where('number', '=', sql<string>`any(${rows.map((r) => r.number)}::text[])`)
    .execute();
  const childOf = new Map(kept.map((k) => [k.number, k.child_iin]));
  const queued = await db
    .selectFrom('applications')
    .select(['region_id', 'child_iin', 'number'])
    .where('child_iin', '=', sql<string>`any(${rows.map((r) => r.childIin)}::text[])`)
    .where('status', 'in', ACTIVE_STATUSES)
    .execute();
  const queuedUnder = new Map(queued.map((q) => [`${q.region_id}:${q.child_iin}`, q.number]));
  for (const row of rows) {
    const holder = childOf.get(row.number);
    if (holder !== undefined && holder !== row.childIin) add(row.row, 'number_taken');
    const under = queuedUnder.get(`${row.regionId}:${row.childIin}`);
    if (under !== undefined && under !== row.number) add(row.row, 'child_already_queued');
  }
  return refused;
}
