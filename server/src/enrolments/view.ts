import type { Enrolment } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { directionsWithChild } from '../directions/queries.ts';

/**
 * Enrolments (alias `e`) as the enrolled list shows them (docs/rules.md, "Kindergarten
 * workspace").
 */
export function enrolmentRows(db: Db) {
  return directionsWithChild(db)
    .innerJoin('enrolments as e', 'e.direction_id', 'd.id')
    .select([
      'e.id',
      'e.direction_id',
      'e.kindergarten_id',
      'e.group_year',
      'e.enrolled_at',
      'e.departed_on',
      'e.departure_reason',
      'd.number as direction_number',
      'a.number as application_number',
      'child.iin as child_iin',
      fullNameOf('child').as('child_name'),
    ]);
}

export type EnrolmentRow = Awaited<ReturnType<ReturnType<typeof enrolmentRows>['execute']>>[number];

export function toEnrolment(row: EnrolmentRow): Enrolment {
  return {
    id: row.id,
    directionId: row.direction_id,
    kindergartenId: row.kindergarten_id,
    applicationNumber: row.application_number,
    directionNumber: row.direction_number,
    child: { iin: row.child_iin, fullName: row.child_name },
    groupYear: row.group_year,
    enrolledAt: row.enrolled_at.toISOString(),
    departedAt: row.departed_on,
    departureReason: row.departure_reason,
  };
}

export async function loadEnrolment(db: Db, id: string): Promise<Enrolment> {
  return toEnrolment(await enrolmentRows(db).where('e.id', '=', id).executeTakeFirstOrThrow());
}
