import { sql } from 'kysely';
import { endOfLocalDay, interestDeadline, localDateOf } from '@kezek/domain';
import type { Clock } from '../clock.ts';
import type { Db, Trx } from '../db/connection.ts';
import { appendHistoryRows } from '../history/history.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { recordsOf } from './file.ts';
import { checkRow, kezekSerialOf, type ImportReference, type ImportRow } from './rows.ts';

/** Rows of the file per transaction: the checkpoint moves once per batch. */
export const IMPORT_BATCH = 5000;

export interface ImportRun {
  db: Db;
  clock: Clock;
  /** The history's actor: `user:<id>` for the upload screen, `system` for the command line. */
  actor: string;
  pseudonyms: Pseudonyms;
  reference: ImportReference;
  /** Rows of the file per transaction: IMPORT_BATCH unless said. */
  batchRows?: number;
}

export interface ImportCounts {
  imported: number;
  skipped: number;
}

/**
 * Imports the file's rows after the checkpoint (`done_rows`), but the `rejected` ones, in
 * transactions of IMPORT_BATCH rows: each writes its applications (with their original numbers
 * and registration instants, so the queue order is the legacy system's), their applicants'
 * accounts and children, their history rows (`application.imported`, which the transparency log
 * takes as `registered` leaves with `imported: true`) and the checkpoint. A crash loses at most
 * the batch under way, and the next run resumes after the last committed one. A number already
 * kept is skipped (`on conflict do nothing`), so a second import of the same rows changes nothing.
 */
export async function importFile(
  run: ImportRun,
  importId: string,
  content: Buffer,
  rejected: ReadonlySet<number>,
  onProgress: (done: number) => void = () => {},
): Promise<ImportCounts> {
  const start = await run.db
    .selectFrom('queue_imports')
    .select('done_rows')
    .where('id', '=', importId)
    .executeTakeFirstOrThrow();
  const counts: ImportCounts = { imported: 0, skipped: 0 };
  let batch: ImportRow[] = [];
  let last = start.done_rows;
  // One batch is written while the next is read and checked: the file's parsing and the
  // database's work overlap, and the batches still commit one after another, in order.
  let writing: Promise<void> = Promise.resolve();
  const commit = async () => {
    const rows = batch;
    const through = last;
    batch = [];
    await writing;
    writing = commitBatch(run, importId, rows, through).then((done) => {
      counts.imported += done.imported;
      counts.skipped += done.skipped;
      onProgress(through);
    });
    // A failure is thrown by the next wait for the write; until then it is not "unhandled".
    writing.catch(() => {});
  };
  try {
    for await (const { row, cells } of recordsOf(content)) {
      if (row - 1 <= start.done_rows) continue;
      last = row - 1;
      if (!rejected.has(row)) {
        const checked = checkRow(cells, row, run.reference);
        if (!checked.ok)
          throw new Error(`row ${row} was not validated: ${checked.problems.join()}`);
        batch.push(checked.value);
      }
      if (last % (run.batchRows ?? IMPORT_BATCH) === 0) await commit();
    }
    if (last > start.done_rows) await commit();
  } finally {
    // Nothing of this run is left writing when it returns or throws.
    await writing.catch(() => {});
  }
  await writing;
  await run.db
    .updateTable('queue_imports')
    .set({ state: 'done', updated_at: run.clock.now() })
    .where('id', '=', importId)
    .execute();
  return counts;
}

async function commitBatch(
  run: ImportRun,
  importId: string,
  rows: readonly ImportRow[],
  lastRow: number,
): Promise<ImportCounts> {
  const now = run.clock.now();
  return run.db.transaction().execute(async (trx) => {
    // The checkpoint's lock: two runs of one file never write the same batch.
    const checkpoint = await trx
      .selectFrom('queue_imports')
      .select('done_rows')
      .where('id', '=', importId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (checkpoint.done_rows >= lastRow) return { imported: 0, skipped: 0 };
    const inserted = rows.length > 0 ? await insertApplications(run, trx, rows, now) : [];
    await trx
      .updateTable('queue_imports')
      .set((eb) => ({
        done_rows: lastRow,
        imported: eb('imported', '+', inserted.length),
        skipped: eb('skipped', '+', rows.length - inserted.length),
        updated_at: now,
      }))
      .where('id', '=', importId)
      .execute();
    return { imported: inserted.length, skipped: rows.length - inserted.length };
  });
}

const column = <T>(rows: readonly ImportRow[], value: (row: ImportRow) => T) => rows.map(value);

async function insertApplications(
  run: ImportRun,
  trx: Trx,
  rows: readonly ImportRow[],
  now: Date,
): Promise<{ id: string; number: string }[]> {
  // The applicant's account, found by IIN or made: the registry need not know them.
  await sql`
    insert into users (iin, full_name, roles, created_at, updated_at)
    select iin, name, '{applicant}', ${now}, ${now}
    from unnest(${column(rows, (r) => r.applicantIin)}::text[],
                ${column(rows, (r) => r.applicantName)}::text[]) as t(iin, name)
    on conflict (iin) do nothing`.execute(trx);
  // Looked up by the unique index, not joined in the insert below: a join's plan follows the
  // table's statistics, which lag a bulk load, and a merge join over every account made each
  // batch slower than the one before (docs/performance.md, "The queue import").
  const accounts = await sql<{ id: string; iin: string }>`
    select id, iin from users
    where iin = any(${[...new Set(column(rows, (r) => r.applicantIin))]}::text[])`.execute(trx);
  const accountOf = new Map(accounts.rows.map((a) => [a.iin, a.id]));
  // The child as the registry would have them; the registry's own import fills in the names.
  await sql`
    insert into persons (iin, last_name, first_name, middle_name, birth_date, sex)
    select * from unnest(${column(rows, (r) => r.childIin)}::text[],
      ${column(rows, (r) => r.childLastName)}::text[], ${column(rows, (r) => r.childFirstName)}::text[],
      ${column(rows, (r) => r.childMiddleName)}::text[], ${column(rows, (r) => r.birthDate)}::date[],
      ${column(rows, (r) => r.childSex)}::text[])
    on conflict (iin) do nothing`.execute(trx);
  const today = localDateOf(now);
  const interestUntil = (row: ImportRow) =>
    endOfLocalDay(
      interestDeadline(today, run.reference.policies.get(row.regionId)?.interestMonths ?? 12),
    ).toISOString();
  // The ids are taken first, so each row is written once, with its pseudonym (pseudonym.ts).
  const reserved = await sql<{ id: string }>`
    select nextval(pg_get_serial_sequence('applications', 'id'))::text as id
    from generate_series(1, ${rows.length})`.execute(trx);
  const ids = reserved.rows.map((r) => r.id);
  const inserted = await sql<{ id: string; number: string }>`
    insert into applications (id, pseudonym, number, region_id, district_id, group_year,
      child_iin, applicant_user_id, status, queue_class, benefit_code, benefit_status,
      registered_at, last_changed_at, interest_confirmed_until, language, email, phone)
    overriding system value
    select t.id, t.pseudonym, t.number, t.region, t.district, t.group_year, t.child, t.applicant,
      'queued', t.cls, t.benefit, case when t.benefit is null then null else 'confirmed' end,
      t.at, ${now}, t.interest, t.language, t.email, t.phone
    from unnest(${ids}::bigint[], ${ids.map((id) => run.pseudonyms.of(id))}::text[],
      ${column(rows, (r) => r.number)}::text[], ${column(rows, (r) => r.regionId)}::int[],
      ${column(rows, (r) => r.districtId)}::int[],
      ${column(rows, (r) => Number(r.birthDate.slice(0, 4)))}::int[],
      ${column(rows, (r) => r.childIin)}::text[],
      ${column(rows, (r) => accountOf.get(r.applicantIin)!)}::bigint[],
      ${column(rows, (r) => r.queueClass)}::text[], ${column(rows, (r) => r.benefitCode)}::text[],
      ${column(rows, (r) => r.registeredAt.toISOString())}::timestamptz[],
      ${column(rows, interestUntil)}::timestamptz[], ${column(rows, (r) => r.language)}::text[],
      ${column(rows, (r) => r.email)}::text[], ${column(rows, (r) => r.phone)}::text[])
      as t(id, pseudonym, number, region, district, group_year, child, applicant, cls, benefit,
        at, interest, language, email, phone)
    on conflict do nothing
    returning id, number`.execute(trx);
  if (inserted.rows.length === 0) return [];
  const serials = inserted.rows.map((r) => kezekSerialOf(r.number) ?? 0);
  const highest = Math.max(...serials);
  // A new registration's number never meets an imported one in kezek's own form.
  if (highest > 0)
    await sql`select setval('application_serial', ${highest})
      where ${highest} > (select last_value from application_serial)`.execute(trx);
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  const entries = inserted.rows
    .map((r) => ({ id: r.id, row: byNumber.get(r.number)! }))
    // Equal instants stand in number order (the log's leaves: contracts/src/transparency.ts).
    .sort(
      (a, b) =>
        a.row.registeredAt.getTime() - b.row.registeredAt.getTime() ||
        (a.row.number < b.row.number ? -1 : a.row.number > b.row.number ? 1 : 0),
    );
  // Last, as every writer: the chain's head is held from here to the commit.
  await appendHistoryRows(
    trx,
    entries.map(({ id, row }) => ({
      at: now,
      actor: run.actor,
      event: 'application.imported',
      subjectType: 'application',
      subjectId: id,
      before: null,
      after: {
        status: 'queued',
        number: row.number,
        queueClass: row.queueClass,
        benefit: row.benefitCode,
        registeredAt: row.registeredAt.toISOString(),
      },
    })),
  );
  return inserted.rows;
}
