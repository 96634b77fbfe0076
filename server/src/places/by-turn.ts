import type { PlacedKindergarten } from '@kezek/domain';
import type { Db } from '../db/connection.ts';

/**
 * The kindergartens that give places by turn (not private ones: their places are never offered
 * by turn), of a district or among some ids, and where those with coordinates are: what a ranking
 * may name and what "any within N km of home" can reach (docs/rules.md, "Ranked preferences").
 */
export async function kindergartensByTurn(
  db: Db,
  scope: { districtId: number } | { ids: readonly number[] },
): Promise<{ ids: Set<number>; placed: PlacedKindergarten<number>[] }> {
  const rows = await db
    .selectFrom('kindergartens')
    .select(['id', 'lat', 'lon'])
    .where('type', '<>', 'private')
    .$call((query) =>
      'districtId' in scope
        ? query.where('district_id', '=', scope.districtId)
        : query.where('id', 'in', [...scope.ids]),
    )
    .execute();
  return {
    ids: new Set(rows.map((k) => k.id)),
    placed: rows.flatMap(({ id, lat, lon }) =>
      lat === null || lon === null ? [] : [{ id, point: { lat, lon } }],
    ),
  };
}
