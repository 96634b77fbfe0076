import { sql } from 'kysely';
import type { Application } from '@kezek/contracts';
import {
  applicantActions,
  benefitCategory,
  type ApplicationStatus,
  type PriorityRatio,
} from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { notFound } from '../http/problem.ts';
import { queueNumbers } from './queue.ts';

const fullName = (prefix: string) =>
  sql<string>`concat_ws(' ', ${sql.ref(`${prefix}.last_name`)}, ${sql.ref(`${prefix}.first_name`)}, ${sql.ref(`${prefix}.middle_name`)})`;

function applicationRows(db: Db) {
  return db
    .selectFrom('applications as a')
    .innerJoin('districts as d', 'd.id', 'a.district_id')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .selectAll('a')
    .select([
      'd.name_kk as district_kk',
      'd.name_ru as district_ru',
      'd.name_en as district_en',
      fullName('child').as('child_name'),
      'child.birth_date as child_birth_date',
      'u.iin as applicant_iin',
      'u.full_name as applicant_name',
      'p.first_priority_ratio',
    ]);
}

type ApplicationRow = Awaited<ReturnType<ReturnType<typeof applicationRows>['execute']>>[number];

async function toApplication(db: Db, row: ApplicationRow): Promise<Application> {
  const ratio = row.first_priority_ratio as unknown as PriorityRatio;
  const numbers = await queueNumbers(db, row, ratio);
  const category = row.benefit_code ? benefitCategory(row.benefit_code) : undefined;
  return {
    id: row.id,
    number: row.number,
    status: row.status as Application['status'],
    district: {
      id: row.district_id,
      name: { kk: row.district_kk, ru: row.district_ru, en: row.district_en },
    },
    child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.child_birth_date },
    applicant: {
      iin: row.applicant_iin,
      fullName: row.applicant_name,
      email: row.email,
      phone: row.phone,
      extraEmail: row.extra_email,
      extraPhone: row.extra_phone,
      address: row.address,
    },
    benefit: {
      categoryCode: row.benefit_code,
      class: category?.class ?? null,
      status: row.benefit_status as Application['benefit']['status'],
    },
    groupYear: row.group_year,
    ...numbers,
    registeredAt: row.registered_at.toISOString(),
    lastChangedAt: row.last_changed_at.toISOString(),
    interestConfirmedUntil: row.interest_confirmed_until.toISOString(),
    stopListedUntil: row.stop_listed_until?.toISOString() ?? null,
    turnUntil: row.turn_until?.toISOString() ?? null,
    actions: applicantActions(row.status as ApplicationStatus),
  };
}

/**
 * Applications (alias `a`) the user filed or attached to their IIN; anyone else's do not exist for
 * them. Every read and every action of an applicant goes through this one condition.
 */
export function visibleTo(userId: number) {
  return sql<boolean>`(a.applicant_user_id = ${userId}
    or exists (select 1 from application_parents ap where ap.application_id = a.id and ap.user_id = ${userId}))`;
}

export async function journalOf(db: Db, userId: number): Promise<Application[]> {
  const rows = await applicationRows(db).where(visibleTo(userId)).orderBy('a.id', 'desc').execute();
  return Promise.all(rows.map((row) => toApplication(db, row)));
}

export async function applicationFor(db: Db, userId: number, id: string): Promise<Application> {
  const row = await applicationRows(db)
    .where('a.id', '=', id)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!row) throw notFound();
  return toApplication(db, row);
}

export async function mayReadApplication(db: Db, userId: number, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('applications as a')
    .select('a.id')
    .where('a.id', '=', id)
    .where(visibleTo(userId))
    .executeTakeFirst();
  return row !== undefined;
}
