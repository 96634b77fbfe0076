import { sql } from 'kysely';
import { localDateOf } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { formatDate } from '../documents/format.ts';
import { appendHistory } from '../history/history.ts';
import { interestLapsed, interestReminder } from '../notify/messages.ts';
import { APPLICANT_CONTACT, notifyApplicant } from '../notify/applicant.ts';
import { fullNameOf } from '../db/names.ts';

export const INTEREST_REMINDER_DAYS = 30;
const BATCH = 200;

function dueApplications(trx: Db) {
  return trx
    .selectFrom('applications as a')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .select([
      'a.id',
      'a.number',
      'a.status',
      ...APPLICANT_CONTACT,
      'a.interest_confirmed_until',
      fullNameOf('child').as('child_name'),
    ])
    .where('a.status', 'in', ['queued', 'turn', 'stop_listed'])
    .forUpdate('a')
    .skipLocked()
    .limit(BATCH);
}

type Due = Awaited<ReturnType<ReturnType<typeof dueApplications>['execute']>>[number];

const paramsOf = (row: Due) => ({
  applicationNumber: row.number,
  childName: row.child_name,
  until: formatDate(localDateOf(row.interest_confirmed_until)),
});

/** Reminds once per deadline, 30 days before it. Rows are claimed with SKIP LOCKED: instances share the work. */
export async function remindInterest(db: Db, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + INTEREST_REMINDER_DAYS * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const rows = await dueApplications(trx)
      .where('a.interest_confirmed_until', '<=', horizon)
      .where('a.interest_confirmed_until', '>', now)
      .where(sql<boolean>`a.interest_reminded_for is distinct from a.interest_confirmed_until`)
      .execute();
    for (const row of rows) {
      await notifyApplicant(trx, row, (language) => interestReminder(paramsOf(row), language), now);
      await trx
        .updateTable('applications')
        .set({ interest_reminded_for: row.interest_confirmed_until })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  });
}

/** Removes from the queue every application whose interest was not confirmed in time. */
export async function removeLapsedInterest(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await dueApplications(trx)
      .where('a.interest_confirmed_until', '<=', now)
      .execute();
    for (const row of rows) {
      await trx
        .updateTable('applications')
        .set({ status: 'removed', last_changed_at: now, turn_until: null })
        .where('id', '=', row.id)
        .execute();
      await appendHistory(trx, {
        at: now,
        actor: 'system',
        event: 'application.removed',
        subjectType: 'application',
        subjectId: row.id,
        before: { status: row.status },
        after: { status: 'removed', reason: 'interest_lapsed' },
      });
      await notifyApplicant(trx, row, (language) => interestLapsed(paramsOf(row), language), now);
    }
    return rows.length;
  });
}
