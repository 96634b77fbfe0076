// Importing an existing queue (issue 20, item 3): a file with every kind of bad row refused by row
// number with nothing imported, the clean rows on request with the file of the rejected ones, the
// original numbers and instants kept, a second import that changes nothing, a resume after a
// crash, and the transparency log's `registered` leaves with `imported: true` that the
// verifier's replay accepts.
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_IMPORT_COLUMNS, logEventSchema, type QueueImportRowProblem } from '@kezek/contracts';
import { makeIin } from '@kezek/domain';
import { replay } from '@kezek/verifier';
import { verifyHistoryChain } from '../history/history.ts';
import { renumberQueues } from '../jobs/queue-numbers.ts';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { expectInvariants } from '../testing/invariants.ts';
import {
  checkpointOf,
  rejectedCsv,
  runImport,
  validateImport,
  type ImportContext,
} from './session.ts';

let t: TestApp;
/** Rows per transaction here: a crash after the first batch leaves two and a part to resume. */
const IMPORT_BATCH = 2000;
let context: ImportContext;
let district: { id: number; name_ru: string; region_id: number };

beforeAll(async () => {
  t = await startTestApp();
  context = {
    db: t.database.db,
    clock: t.clock,
    actor: 'system',
    pseudonyms: t.app.pseudonyms,
    batchRows: IMPORT_BATCH,
  };
  district = await t.database.db
    .selectFrom('districts')
    .select(['id', 'name_ru', 'region_id'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
});
afterAll(() => t.close());

type Row = Record<(typeof QUEUE_IMPORT_COLUMNS)[number], string>;

/** A good row: the i-th legacy child of 2023, registered i minutes after 2024-01-10 09:00 Almaty. */
function goodRow(i: number, prefix = 'L'): Row {
  return {
    number: `${prefix}-${String(i).padStart(7, '0')}`,
    childIin: makeIin(
      `2023-0${1 + (i % 9)}-1${i % 10}`,
      i % 2 ? 'male' : 'female',
      (prefix === 'L' ? 4000 : 9000) + i,
    ),
    birthDate: `2023-0${1 + (i % 9)}-1${i % 10}`,
    applicantIin: makeIin('1990-05-05', 'female', 4000 + (i % 700)),
    email: 'parent@example.kz',
    phone: '8 701 123-45-67',
    // The test's district by id or by name, once it is read (csv()).
    district: i % 2 ? '#id' : '#name',
    benefitClass: i % 10 === 0 ? 'first_priority' : 'general',
    benefitCategory: i % 10 === 0 ? 'large_family' : '',
    registeredAt: new Date(Date.UTC(2024, 0, 10, 4) + i * 60_000).toISOString(),
    status: 'queued',
    language: i % 3 ? 'kk' : 'ru',
  };
}

function csv(rows: Row[]): Buffer {
  const districtOf = (value: string) =>
    value === '#id' ? String(district.id) : value === '#name' ? district.name_ru : value;
  return Buffer.from(
    stringify([
      [...QUEUE_IMPORT_COLUMNS],
      ...rows.map((r) =>
        QUEUE_IMPORT_COLUMNS.map((c) => (c === 'district' ? districtOf(r[c]) : r[c])),
      ),
    ]),
  );
}

async function validated(content: Buffer, name = 'queue.csv') {
  const importId = await checkpointOf(context, name, content);
  return { importId, validation: await validateImport(context, importId, content) };
}

const countOf = async (table: 'applications' | 'history' | 'log_leaves') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a file with every kind of bad row', () => {
  const good = goodRow(1, 'B');
  const bad: [Partial<Row>, QueueImportRowProblem[]][] = [
    [{ number: '' }, ['number_invalid']],
    [
      { childIin: good.childIin.slice(0, 11) + String((Number(good.childIin[11]) + 1) % 10) },
      ['child_iin_invalid'],
    ],
    [{ birthDate: '2023-02-30' }, ['birth_date_invalid']],
    [{ birthDate: '2023-01-01' }, ['birth_date_mismatch']],
    [{ childIin: makeIin('2015-03-03', 'male', 7), birthDate: '2015-03-03' }, ['child_too_old']],
    [{ applicantIin: '123' }, ['applicant_iin_invalid']],
    [{ email: 'not-an-email' }, ['email_invalid']],
    [{ phone: '12345' }, ['phone_invalid']],
    [{ district: 'Atlantis' }, ['district_unknown']],
    [{ benefitClass: 'vip' }, ['benefit_class_unknown']],
    [
      { benefitClass: 'first_priority', benefitCategory: 'astronauts' },
      ['benefit_category_unknown'],
    ],
    [
      { benefitClass: 'out_of_turn', benefitCategory: 'large_family' },
      ['benefit_category_mismatch'],
    ],
    [{ registeredAt: '10.01.2024 09:00' }, ['registered_at_invalid']],
    [{ registeredAt: '2030-01-01T00:00:00Z' }, ['registered_at_out_of_range']],
    [{ status: 'lost' }, ['status_unknown']],
    [{ status: 'enrolled' }, ['status_not_waiting']],
    [{ language: 'de' }, ['language_unknown']],
  ];
  // Row 2 is the good one; the bad ones follow, each with a number and child of its own.
  const rows = [
    good,
    ...bad.map(([change], i) => {
      const own = goodRow(100 + i, 'B');
      return { ...own, ...change };
    }),
    { ...goodRow(200, 'B'), number: good.number },
    { ...goodRow(201, 'B'), childIin: good.childIin, birthDate: good.birthDate },
  ];
  let content: Buffer;
  beforeAll(() => void (content = csv(rows)));

  it('names each bad row by its row number and imports nothing', async () => {
    const before = await countOf('applications');
    const { importId, validation } = await validated(content);
    const expected = new Map<number, QueueImportRowProblem[]>(
      bad.map(([, codes], i) => [i + 3, codes]),
    );
    expected.set(bad.length + 3, ['number_duplicate']);
    expected.set(bad.length + 4, ['child_duplicate']);
    expect(new Map([...validation.problems].map(([row, p]) => [row, p.codes]))).toEqual(expected);
    await expect(runImport(context, importId, content, validation, false)).rejects.toMatchObject({
      code: 'import_not_clean',
    });
    expect(await countOf('applications')).toBe(before);
  });

  it('imports the clean rows on request and gives the rejected ones as a file', async () => {
    const { importId, validation } = await validated(content);
    const counts = await runImport(context, importId, content, validation, true);
    expect(counts).toEqual({ imported: 1, skipped: 0 });
    const rejected = await rejectedCsv(t.database.db, importId);
    const lines = rejected.trim().split('\n');
    expect(lines).toHaveLength(bad.length + 3);
    expect(lines[0]).toBe([...QUEUE_IMPORT_COLUMNS, 'row', 'problems'].join(','));
    expect(lines[1]).toMatch(/,3,number_invalid$/);
  });

  it('refuses a number another child holds and a child queued under another number', async () => {
    const { validation } = await validated(
      csv([
        { ...goodRow(300, 'B'), number: good.number },
        { ...goodRow(301, 'B'), childIin: good.childIin, birthDate: good.birthDate },
      ]),
    );
    expect(new Map([...validation.problems].map(([row, p]) => [row, p.codes]))).toEqual(
      new Map([
        [2, ['number_taken']],
        [3, ['child_already_queued']],
      ]),
    );
  });
});

describe('a clean file', () => {
  const rows = Array.from({ length: IMPORT_BATCH * 2 + 300 }, (_, i) => goodRow(i + 1));
  let content: Buffer;
  beforeAll(() => void (content = csv(rows)));

  it('resumes after a crash from the last committed batch', async () => {
    const { importId, validation } = await validated(content, 'legacy.csv');
    expect(validation.problems.size).toBe(0);
    const crash = new Error('crash');
    await expect(
      runImport(context, importId, content, validation, false, (done) => {
        if (done >= IMPORT_BATCH) throw crash;
      }),
    ).rejects.toBe(crash);
    const checkpoint = await t.database.db
      .selectFrom('queue_imports')
      .select(['done_rows', 'imported', 'state'])
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(checkpoint).toEqual({
      done_rows: IMPORT_BATCH,
      imported: IMPORT_BATCH,
      state: 'importing',
    });
    const again = await validated(content, 'legacy.csv');
    expect(again.importId).toBe(importId);
    expect(again.validation.problems.size).toBe(0);
    const counts = await runImport(context, importId, content, again.validation, false);
    expect(counts).toEqual({ imported: rows.length - IMPORT_BATCH, skipped: 0 });
  });

  it('keeps the numbers, instants and classes, and the queue order follows them', async () => {
    await renumberQueues(t.database.db);
    const kept = await t.database.db
      .selectFrom('applications as a')
      .innerJoin('queue_numbers as q', 'q.application_id', 'a.id')
      .select([
        'a.number',
        'a.registered_at',
        'a.queue_class',
        'a.benefit_code',
        'a.status',
        'q.queue_number',
      ])
      .where('a.number', 'like', 'L-%')
      .orderBy('a.number')
      .execute();
    expect(kept).toHaveLength(rows.length);
    expect(kept[9]).toMatchObject({
      number: rows[9]!.number,
      registered_at: new Date(rows[9]!.registeredAt),
      queue_class: 'first_priority',
      benefit_code: 'large_family',
      status: 'queued',
    });
    // Within one queue and class, numbers rise with the original instants.
    const general = kept.filter((k) => k.queue_class === 'general');
    const byInstant = [...general].sort(
      (a, b) => a.registered_at.getTime() - b.registered_at.getTime(),
    );
    const numbers = byInstant.map((k) => k.queue_number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    await expectInvariants(t.database.db);
  });

  it('writes the history and `registered` leaves with imported: true that the replay accepts', async () => {
    expect(await verifyHistoryChain(t.database.db)).toMatchObject({ ok: true });
    const history = await t.database.db
      .selectFrom('history')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event', '=', 'application.imported')
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(rows.length + 1);
    const leaves = await t.database.db
      .selectFrom('log_leaves')
      .select(['leaf_index', 'data'])
      .orderBy('leaf_index')
      .execute();
    const events = leaves.map((l) => ({
      leafIndex: Number(l.leaf_index),
      event: logEventSchema.parse(JSON.parse(l.data)),
    }));
    const imported = events.filter((e) => e.event.type === 'registered' && e.event.imported);
    expect(imported).toHaveLength(rows.length + 1);
    expect(replay(events).violations).toEqual([]);
  });

  it('changes nothing when imported a second time', async () => {
    const before = await Promise.all([
      countOf('applications'),
      countOf('history'),
      countOf('log_leaves'),
    ]);
    const { importId, validation } = await validated(content, 'legacy-again.csv');
    expect(validation.problems.size).toBe(0);
    expect(await runImport(context, importId, content, validation, false)).toEqual({
      imported: 0,
      skipped: 0,
    });
    // The same rows in another file (another hash): every number is already kept.
    const reordered = csv([...rows].reverse());
    const other = await validated(reordered, 'legacy-reordered.csv');
    expect(other.validation.problems.size).toBe(0);
    expect(await runImport(context, other.importId, reordered, other.validation, false)).toEqual({
      imported: 0,
      skipped: rows.length,
    });
    expect(
      await Promise.all([countOf('applications'), countOf('history'), countOf('log_leaves')]),
    ).toEqual(before);
  });
});
