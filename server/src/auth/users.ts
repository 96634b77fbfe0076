import type { User, Role } from '@kezek/contracts';
import { sql } from 'kysely';
import { rolesInEffect } from '@kezek/domain';
import type { Db } from '../db/connection.ts';

interface UserFields {
  id: number;
  iin: string;
  full_name: string;
  roles: string[];
  email: string | null;
  phone: string | null;
  active: boolean;
}

export interface AccountRow extends UserFields {
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

/**
 * The columns of a signed-in user (table `users`, unaliased) with the scopes that every
 * authorization check reads: the sign-in's own lookup and the session store's join use the same.
 */
export const USER_COLUMNS = [
  'users.id',
  'users.iin',
  'users.full_name',
  'users.roles',
  'users.email',
  'users.phone',
  'users.active',
  sql<number[]>`coalesce((select array_agg(kindergarten_id) from user_kindergartens
    where user_id = users.id), '{}')`.as('kindergarten_ids'),
  sql<number[]>`coalesce((select array_agg(district_id) from user_districts
    where user_id = users.id), '{}')`.as('district_ids'),
] as const;

interface UserRow extends UserFields {
  kindergarten_ids: number[];
  district_ids: number[];
}

/**
 * The user of a row of USER_COLUMNS with the roles in effect, or null when there is none (deleted)
 * or none is in effect: a switched-off employee acts only as the parent they may also be, without
 * the work's kindergartens and districts.
 */
export function signedInUserOf(
  row: { [K in keyof UserRow]: UserRow[K] | null } | undefined,
): SignedInUser | null {
  if (!row?.id) return null;
  const user = row as UserRow;
  const roles = rolesInEffect(user.roles as Role[], user.active);
  if (roles.length === 0) return null;
  return {
    id: user.id,
    iin: user.iin,
    fullName: user.full_name,
    roles,
    email: user.email,
    phone: user.phone,
    kindergartenIds: user.active ? [...user.kindergarten_ids].sort((a, b) => a - b) : [],
    districtIds: user.active ? [...user.district_ids].sort((a, b) => a - b) : [],
  };
}

/** The signed-in user with the scopes that every authorization check reads. */
export async function loadUser(db: Db, id: number): Promise<SignedInUser | null> {
  return signedInUserOf(
    await db.selectFrom('users').select(USER_COLUMNS).where('users.id', '=', id).executeTakeFirst(),
  );
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
