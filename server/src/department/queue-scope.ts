import type { Db } from '../db/connection.ts';
import { officerScope, type Scope } from '../auth/scope.ts';
import type { SignedInUser } from '../auth/users.ts';

/**
 * Whose queue and archive the account reads (seed 004: the kindergarten staff's «Список
 * очередников и архивных заявок»): an officer's districts, and a staff member's the districts of
 * their kindergartens; administrators everything.
 */
export async function queueScope(db: Db, user: SignedInUser): Promise<Scope> {
  const officer = officerScope(user);
  if (officer.everything || !user.roles.includes('staff') || user.kindergartenIds.length === 0) {
    return officer;
  }
  const rows = await db
    .selectFrom('kindergartens')
    .select('district_id')
    .distinct()
    .where('id', 'in', user.kindergartenIds)
    .execute();
  return {
    ...officer,
    districtIds: [...new Set([...officer.districtIds, ...rows.map((row) => row.district_id)])],
  };
}
