import type { User, Role } from '@kezek/contracts';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

export interface AccountRow {
  id: number;
  iin: string;
  full_name: string;
  roles: string[];
  email: string | null;
  phone: string | null;
  active: boolean;
  password_hash: string | null;
}

export async function findAccountByIin(db: Db, iin: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'iin', 'full_name', 'roles', 'email', 'phone', 'active', 'password_hash'])
    .where('iin', '=', iin)
    .executeTakeFirst();
}

export interface SignedInUser extends User {
  id: number;
}

/** The signed-in user with the scopes that every authorization check reads. */
export async function loadUser(db: Db, id: number): Promise<SignedInUser | null> {
  const row = await db
    .selectFrom('users')
    .select([
      'id',
      'iin',
      'full_name',
      'roles',
      'email',
      'phone',
      'active',
      sql<number[]>`coalesce((select array_agg(kindergarten_id) from user_kindergartens
        where user_id = users.id), '{}')`.as('kindergarten_ids'),
      sql<number[]>`coalesce((select array_agg(district_id) from user_districts
        where user_id = users.id), '{}')`.as('district_ids'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active) return null;
  return {
    id: row.id,
    iin: row.iin,
    fullName: row.full_name,
    roles: row.roles as Role[],
    email: row.email,
    phone: row.phone,
    kindergartenIds: [...row.kindergarten_ids].sort((a, b) => a - b),
    districtIds: [...row.district_ids].sort((a, b) => a - b),
  };
}

export function publicUser(user: SignedInUser): User {
  return {
    iin: user.iin,
    fullName: user.fullName,
    roles: user.roles,
    email: user.email,
    phone: user.phone,
    kindergartenIds: user.kindergartenIds,
    districtIds: user.districtIds,
  };
}
