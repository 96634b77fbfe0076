import type { Refusal } from '@kezek/contracts';
import { fullNameOf } from '../db/names.ts';
import type { Db } from '../db/connection.ts';
import { directionsWithChild } from '../directions/queries.ts';

/** Refusals (alias `r`) with their direction, application, kindergarten and child. */
export function refusalsWithDirection(db: Db) {
  return directionsWithChild(db).innerJoin('refusals as r', 'r.direction_id', 'd.id');
}

/** Refusals (alias `r`) with what the officer reads: the direction, the child, the signer. */
export function refusalRows(db: Db) {
  return refusalsWithDirection(db).select([
    'r.id',
    'r.direction_id',
    'r.application_id',
    'r.district_id',
    'r.reason',
    'r.status',
    'r.signer_iin',
    'r.signer_name',
    'r.created_at',
    'r.decided_at',
    'r.comment',
    'd.number as direction_number',
    'a.number as application_number',
    'k.id as kindergarten_id',
    'k.name_kk',
    'k.name_ru',
    'child.iin as child_iin',
    fullNameOf('child').as('child_name'),
  ]);
}

type RefusalRow = Awaited<ReturnType<ReturnType<typeof refusalRows>['execute']>>[number];

export function toRefusal(row: RefusalRow): Refusal {
  return {
    id: row.id,
    directionId: row.direction_id,
    directionNumber: row.direction_number,
    applicationId: row.application_id,
    applicationNumber: row.application_number,
    districtId: row.district_id,
    kindergarten: { id: row.kindergarten_id, name: { kk: row.name_kk, ru: row.name_ru } },
    child: { iin: row.child_iin, fullName: row.child_name },
    reason: row.reason,
    signer: { iin: row.signer_iin, fullName: row.signer_name },
    status: row.status as Refusal['status'],
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    comment: row.comment,
  };
}
