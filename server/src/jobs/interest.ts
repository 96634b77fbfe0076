import { sql } from 'kysely';
import { localDateOf } from '@kezek/domain';
import type { Db, Trx } from '../db/connection.ts';
import { formatDate } from '../documents/format.ts';
import { appendHistoryRows } from '../history/history.ts';
import { interestLapsed, interestReminder } from '../notify/messages.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { fullNameOf } from '../db/names.ts';
import { moveApplications } from '../lifecycle/applications.ts';

export const INTEREST_REMINDER_DAYS = 30;
const BATCH = 200;

function dueApplications(trx: Trx) {
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
    await enqueueNotifications(
      trx,
      rows.map((row) => applicantNotification(row, (l) => interestReminder(paramsOf(row), l))),
      now,
    );
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) {
      // The rows are locked: their deadline is the one the reminder was written for.
      await trx
        .updateTable('applications')
        .set((eb) => ({ interest_reminded_for: eb.ref('interest_confirmed_until') }))
        .where('id', 'in', ids)
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
    const ids = rows.map((row) => row.id);
    await moveApplications(trx, 'lapseInterest', ids, 'removed', now, { turn_until: null });
    await appendHistoryRows(
      trx,
      rows.map((row) => ({
        at: now,
        actor: 'system',
        event: 'application.removed',
        subjectType: 'application',
        subjectId: row.id,
        before: { status: row.status },
        after: { status: 'removed', reason: 'interest_lapsed' },
      })),
    );
    await enqueueNotifications(
      trx,
      rows.map((row) => applicantNotification(row, (l) => interestLapsed(paramsOf(row), l))),
      now,
    );
    return rows.length;
  });
}
