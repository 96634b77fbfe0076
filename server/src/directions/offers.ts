import type { Db } from '../db/connection.ts';
import { visibleTo } from '../applications/view.ts';
import { notFound } from '../http/problem.ts';

/**
 * The places an application may take now: a turn-holder the places of the release that gave the
 * turn, and any waiting child (not stop-listed) the free-choice places of its district and group
 * year. Private kindergartens under the state order follow their own rule and are not offered here.
 */
export async function offersFor(db: Db, userId: number, applicationId: string) {
  const application = await db
    .selectFrom('applications as a')
    .select(['a.id', 'a.status', 'a.district_id', 'a.group_year', 'a.turn_batch_id'])
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!application) throw notFound();
  if (application.status !== 'queued' && application.status !== 'turn') return [];
  const rows = await db
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select([
      'b.id',
      'b.group_year',
      'b.language',
      'b.free',
      'b.state',
      'k.id as kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'k.type',
      'k.address',
      'k.lat',
      'k.lon',
    ])
    .where('b.district_id', '=', application.district_id)
    .where('b.group_year', '=', application.group_year)
    .where('b.free', '>', 0)
    .where('k.type', '!=', 'private')
    .where((eb) =>
      eb.or([
        eb('b.state', '=', 'free_choice'),
        ...(application.status === 'turn' && application.turn_batch_id
          ? [eb('b.id', '=', application.turn_batch_id)]
          : []),
      ]),
    )
    .orderBy('b.id')
    .execute();
  return rows.map((row) => ({
    placeId: row.id,
    kindergarten: {
      id: row.kindergarten_id,
      name: { kk: row.name_kk, ru: row.name_ru },
      type: row.type as 'state',
      address: row.address,
      lat: row.lat,
      lon: row.lon,
    },
    groupYear: row.group_year,
    language: row.language as 'kk',
    free: row.free,
    mode: row.state === 'waiting' ? ('turn' as const) : ('free_choice' as const),
  }));
}
