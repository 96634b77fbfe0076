import { sql } from 'kysely';
import type { DepartmentKindergarten, Language } from '@kezek/contracts';
import { inScope, type Scope } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';
import { orderByKeyset } from '../http/paging.ts';

/** The kindergartens of the officer's districts with their free places and enrolled children. */
export async function departmentKindergartens(
  db: Db,
  scope: Scope,
  districtId: number | undefined,
  language: Language,
): Promise<DepartmentKindergarten[]> {
  let query = db
    .selectFrom('kindergartens as k')
    .select([
      'k.id',
      'k.district_id',
      'k.name_kk',
      'k.name_ru',
      'k.type',
      'k.languages',
      'k.address',
      'k.phone',
      sql<number>`(select count(*)::int from enrolments e
        where e.kindergarten_id = k.id and e.departed_on is null)`.as('enrolled'),
    ])
    .where(inScope(scope, { district: 'k.district_id' }));
  if (districtId !== undefined) query = query.where('k.district_id', '=', districtId);
  // In the reader's order: Kazakh names for a Kazakh reader, Russian ones otherwise.
  const kindergartens = await query
    .orderBy(orderByKeyset(language === 'kk' ? 'k.name_kk' : 'k.name_ru'))
    .orderBy('k.id')
    .execute();
  const ids = kindergartens.map((k) => k.id);
  const free = ids.length
    ? await db
        .selectFrom('place_batches')
        .select([
          'kindergarten_id',
          'group_year',
          'language',
          sql<number>`sum(free)::int`.as('free'),
        ])
        .where('kindergarten_id', 'in', ids)
        .where('free', '>', 0)
        .groupBy(['kindergarten_id', 'group_year', 'language'])
        .orderBy('group_year')
        .orderBy('language')
        .execute()
    : [];
  return kindergartens.map((k) => {
    const places = free
      .filter((row) => row.kindergarten_id === k.id)
      .map((row) => ({
        groupYear: row.group_year,
        language: row.language as Language,
        free: row.free,
      }));
    return {
      id: k.id,
      districtId: k.district_id,
      name: { kk: k.name_kk, ru: k.name_ru },
      type: k.type,
      languages: k.languages as Language[],
      address: k.address,
      phone: k.phone,
      free: places,
      freeTotal: places.reduce((sum, row) => sum + row.free, 0),
      enrolled: k.enrolled,
    };
  });
}
