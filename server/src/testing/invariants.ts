import { afterEach, expect } from 'vitest';
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { ApplicationsTable } from '../db/schema.ts';
import { chunksOf } from '../db/chunks.ts';
import { appendHistoryRows } from '../history/history.ts';
import { checkInvariants } from '../invariants/invariants.ts';
import type { TestApp } from './harness.ts';
import { giveTestPseudonyms } from './pseudonyms.ts';

export async function expectInvariants(db: Db): Promise<void> {
  expect(await checkInvariants(db), 'the queue invariants').toEqual([]);
}

/** Runs the invariant check after every test of the file (call at the top level of a test file). */
export function checkInvariantsAfterEach(testApp: () => TestApp): void {
  afterEach(async () => {
    await expectInvariants(testApp().database.db);
  });
}

/**
 * Applications written straight into the table, for tests about what comes after registration,
 * each with the history row that gives its status (as every real status has). Returns the ids in
 * the order given.
 */
export async function insertApplications(
  db: Db,
  values: readonly Insertable<ApplicationsTable>[],
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const chunk of chunksOf(values)) {
      const rows = await trx.insertInto('applications').values(chunk).returning('id').execute();
      ids.push(...rows.map((row) => row.id));
    }
    await giveTestPseudonyms(trx);
    await appendHistoryRows(
      trx,
      values.map((application, index) => ({
        at: application.last_changed_at,
        actor: 'system',
        event: 'test.application_inserted',
        subjectType: 'application',
        subjectId: ids[index]!,
        before: null,
        after: { status: application.status },
      })),
    );
    return ids;
  });
}

/** One application written straight into the table, with its history row. */
export async function insertApplication(
  db: Db,
  values: Insertable<ApplicationsTable>,
): Promise<string> {
  return (await insertApplications(db, [values]))[0]!;
}
