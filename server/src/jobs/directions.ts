import { sql } from 'kysely';
import {
  localDateOf,
  workingDaysDeadline,
  type RegionPolicy,
  type ReturnedPlaceDestination,
  type WorkCalendar,
} from '@kezek/domain';
import { formatDate } from '../documents/format.ts';
import { directionExpired, stopListEnded } from '../notify/direction-messages.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { enqueueNotifications, type Notification } from '../notify/outbox.ts';
import { fullNameOf } from '../db/names.ts';
import type { Db, Trx } from '../db/connection.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { policyLoader } from '../admin/policy.ts';
import { returnPlaces } from '../places/return.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { directionsWithChild } from '../directions/queries.ts';
import { moveDirections } from '../lifecycle/directions.ts';

function dueDirections(trx: Trx, now: Date) {
  return directionsWithChild(trx)
    .select([
      'd.id',
      'd.number',
      'd.place_batch_id',
      'k.type',
      'a.status as application_status',
      'a.id as application_id',
      'a.number as application_number',
      'a.region_id',
      'a.expiries',
      ...APPLICANT_CONTACT,
      fullNameOf('child').as('child_name'),
    ])
    .where('d.status', '=', 'issued')
    .where(sql<boolean>`coalesce(d.extended_until, d.expires_at) <= ${now}`)
    .forUpdate(['d', 'a'])
    .skipLocked()
    .limit(500);
}

type DueDirection = Awaited<ReturnType<ReturnType<typeof dueDirections>['execute']>>[number];

/**
 * One expiry: the application goes to the stop-list, or out of the queue at the policy's last
 * expiry. A direction to a private kindergarten took the application out of the queue already:
 * only the direction ends. Returns the history row, told where the place went, and the message,
 * which the sweep writes for all its expiries at once.
 */
async function expireOne(
  trx: Trx,
  direction: DueDirection,
  policy: RegionPolicy,
  calendar: WorkCalendar,
  now: Date,
): Promise<{
  entry: (placeTo: ReturnedPlaceDestination) => HistoryEntry;
  notification: Notification;
}> {
  const toPrivate = direction.type === 'private';
  const expiries = toPrivate ? direction.expiries : direction.expiries + 1;
  const removed = !toPrivate && expiries >= policy.maxExpiries;
  const stopListedUntil =
    toPrivate || removed ? null : workingDaysDeadline(now, policy.stopListWorkingDays, calendar);
  const moveTo = removed ? 'removed' : 'stop_listed';
  const status = toPrivate ? direction.application_status : moveTo;
  await moveDirections(trx, 'expire', [direction.id], 'expired');
  if (toPrivate) {
    // The application left the queue at the choice: its status stays, only the change is dated.
    await trx
      .updateTable('applications')
      .set({ last_changed_at: now })
      .where('id', '=', direction.application_id)
      .execute();
  } else {
    await moveApplications(trx, 'expire', [direction.application_id], moveTo, now, {
      expiries,
      stop_listed_until: stopListedUntil,
    });
  }
  const entry = (placeTo: ReturnedPlaceDestination): HistoryEntry => ({
    at: now,
    actor: 'system',
    event: toPrivate
      ? 'application.direction_expired'
      : removed
        ? 'application.removed'
        : 'application.stop_listed',
    subjectType: 'application',
    subjectId: direction.application_id,
    before: { status: direction.application_status, direction: direction.number },
    after: removed
      ? { status, reason: 'expiries', direction: direction.number, placeTo }
      : {
          status,
          direction: direction.number,
          stopListedUntil: stopListedUntil?.toISOString() ?? null,
          placeTo,
        },
  });
  const notification = applicantNotification(direction, (language) =>
    directionExpired(
      {
        applicationNumber: direction.application_number,
        directionNumber: direction.number,
        childName: direction.child_name,
        outcome: stopListedUntil
          ? { stopListedUntil: formatDate(localDateOf(stopListedUntil)) }
          : toPrivate
            ? 'private'
            : 'removed',
      },
      language,
    ),
  );
  return { entry, notification };
}

/**
 * A direction not enrolled by its deadline expires: the application goes to the stop-list for the
 * policy's working days — or, at the policy's maxExpiries-th expiry, leaves the queue for good —
 * and the places of all the sweep's expiries go back at once (returnPlaces), to the next children
 * in line or to free choice. The expired children are stop-listed or out of the queue by then:
 * none is offered its own place again.
 */
export async function expireDirections(db: Db, now: Date): Promise<number> {
  const calendar = await loadWorkCalendar(db);
  return db.transaction().execute(async (trx) => {
    const due = await dueDirections(trx, now).execute();
    const policyOf = policyLoader(trx);
    const expired = [];
    for (const direction of due) {
      const policy = await policyOf(direction.region_id);
      expired.push(await expireOne(trx, direction, policy, calendar, now));
    }
    const placesTo = await returnPlaces(
      trx,
      due.map((direction) => ({ batchId: direction.place_batch_id, direction: direction.number })),
      'system',
      now,
    );
    await appendHistoryRows(
      trx,
      expired.map((e, index) => e.entry(placesTo[index]!)),
    );
    await enqueueNotifications(
      trx,
      expired.map((e) => e.notification),
      now,
    );
    return due.length;
  });
}

/** At the end of its stop-list an application is queued again, at its original place. */
export async function endStopLists(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('applications as a')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .select(['a.id', 'a.number', ...APPLICANT_CONTACT, fullNameOf('child').as('child_name')])
      .where('a.status', '=', 'stop_listed')
      .where('a.stop_listed_until', '<=', now)
      .forUpdate('a')
      .skipLocked()
      .limit(1000)
      .execute();
    const ids = due.map((row) => row.id);
    await moveApplications(trx, 'endStopList', ids, 'queued', now, { stop_listed_until: null });
    await appendHistoryRows(
      trx,
      due.map((application) => ({
        at: now,
        actor: 'system',
        event: 'application.stop_list_ended',
        subjectType: 'application',
        subjectId: application.id,
        before: { status: 'stop_listed' },
        after: { status: 'queued' },
      })),
    );
    await enqueueNotifications(
      trx,
      due.map((application) =>
        applicantNotification(application, (language) =>
          stopListEnded(
            { applicationNumber: application.number, childName: application.child_name },
            language,
          ),
        ),
      ),
      now,
    );
    return due.length;
  });
}
