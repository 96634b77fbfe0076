import { sql, type RawBuilder } from 'kysely';
import { notFound } from '../problem.ts';
import type { SignedInUser } from './users.ts';

/**
 * What a signed-in account reaches, deny by default: staff their kindergartens, officers the
 * kindergartens of their districts, administrators everything. A row outside it does not exist
 * for the caller (404), whatever its id.
 */
export interface Scope {
  everything: boolean;
  kindergartenIds: readonly number[];
  districtIds: readonly number[];
}

/** The kindergartens a staff member works for (administrators: all): who may act for one. */
export function staffScope(user: SignedInUser): Scope {
  return {
    everything: user.roles.includes('admin'),
    kindergartenIds: user.roles.includes('staff') ? user.kindergartenIds : [],
    districtIds: [],
  };
}

/** The districts an officer serves (administrators: all): who reviews and watches them. */
export function officerScope(user: SignedInUser): Scope {
  return {
    everything: user.roles.includes('admin'),
    kindergartenIds: [],
    districtIds: user.roles.includes('officer') ? user.districtIds : [],
  };
}

/** Everything the account may read: its kindergartens and the kindergartens of its districts. */
export function readerScope(user: SignedInUser): Scope {
  return {
    everything: user.roles.includes('admin'),
    kindergartenIds: staffScope(user).kindergartenIds,
    districtIds: officerScope(user).districtIds,
  };
}

const within = (column: string, ids: readonly number[]) =>
  sql<boolean>`${sql.ref(column)} in (${sql.join([...ids])})`;

/** SQL: the row's kindergarten (or its district) is within the scope. */
export function inScope(
  scope: Scope,
  columns: { kindergarten?: string; district: string },
): RawBuilder<boolean> {
  if (scope.everything) return sql<boolean>`true`;
  const parts: RawBuilder<boolean>[] = [];
  if (columns.kindergarten && scope.kindergartenIds.length > 0)
    parts.push(within(columns.kindergarten, scope.kindergartenIds));
  if (scope.districtIds.length > 0) parts.push(within(columns.district, scope.districtIds));
  return parts.length > 0 ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}

export function hasKindergarten(scope: Scope, kindergartenId: number, districtId: number): boolean {
  return (
    scope.everything ||
    scope.kindergartenIds.includes(kindergartenId) ||
    scope.districtIds.includes(districtId)
  );
}

/** A district the caller names must be one of theirs: others' do not exist for them. */
export function requireDistrict(scope: Scope, districtId: number): void {
  if (!scope.everything && !scope.districtIds.includes(districtId)) throw notFound();
}

/**
 * Applications (alias `a`) the user filed or attached to their IIN; anyone else's do not exist for
 * them. Every read and every action of an applicant goes through this one condition. `userId`
 * may be a column of the query (the chooser of each of several choices).
 */
export function visibleTo(userId: number | RawBuilder<unknown>) {
  // The ids first (an init plan, each side on its own index), then the applications by primary
  // key: an OR of the two conditions makes the planner filter every application of the country.
  return sql<boolean>`a.id = any(array(select id from applications where applicant_user_id = ${userId}
    union all select application_id from application_parents where user_id = ${userId}))`;
}
