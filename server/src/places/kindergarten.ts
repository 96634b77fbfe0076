import type { FastifyRequest } from 'fastify';
import { localDateOf, preschoolGroupYears, type RegionPolicy } from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import { signedInUser } from '../auth/guard.ts';
import { notFound } from '../http/problem.ts';

/**
 * The kindergarten the caller adds free places for, its region's policy and the group years open
 * on `now`: staff only for their own kindergartens (404 for any other), administrators for all.
 */
export async function placesKindergarten(
  request: FastifyRequest,
  kindergartenId: number,
  now: Date,
) {
  const { db } = request.server;
  const user = signedInUser(request);
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
