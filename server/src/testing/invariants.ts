import { afterEach, expect } from 'vitest';
import type { Insertable } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { ApplicationsTable } from '../db/schema.ts';
import { appendHistory } from '../history/history.ts';
import { checkInvariants } from '../invariants/invariants.ts';
import type { TestApp } from './harness.ts';

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
 * An application written straight into the table, for tests about what comes after registration,
 * with the history row that gives its status (as every real status has).
 */
export async function insertApplication(
  db: Db,
  values: Insertable<ApplicationsTable>,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('applications')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      at: values.last_changed_at,
      actor: 'system',
      event: 'test.application_inserted',
      subjectType: 'application',
      subjectId: row.id,
      before: null,
      after: { status: values.status },
    });
    return row.id;
  });
}
