import { localDateOf, preschoolGroupYears, type RegionPolicy } from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import { notFound } from '../problem.ts';
import type { CommandContext } from '../context.ts';

/**
 * The kindergarten the caller adds free places for, its region's policy and the group years open
 * on `now`: staff only for their own kindergartens (404 for any other), administrators for all.
 */
export async function placesKindergarten(
  { db, user }: Pick<CommandContext, 'db' | 'user'>,
  kindergartenId: number,
  now: Date,
) {
  if (!user.roles.includes('admin') && !user.kindergartenIds.includes(kindergartenId)) {
    throw notFound();
  }
  const kindergarten = await db
    .selectFrom('kindergartens as k')
    .innerJoin('districts as d', 'd.id', 'k.district_id')
    .select([
      'k.id',
      'k.district_id',
      'k.languages',
      'k.name_kk',
      'k.name_ru',
      'k.type',
      'd.region_id',
    ])
    .where('k.id', '=', kindergartenId)
    .executeTakeFirst();
  if (!kindergarten) throw notFound();
  const policy: RegionPolicy = (await loadPolicy(db, kindergarten.region_id))!;
  const groupYears = preschoolGroupYears(localDateOf(now), policy.ageLimitYears);
  return { kindergarten, policy, groupYears };
}
