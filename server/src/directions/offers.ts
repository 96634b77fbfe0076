import {
  freeChoiceDecisionAt,
  hasReachedAge,
  isBatchedRequest,
  localDateOf,
  placeRefusal,
  unheldPlaces,
} from '@kezek/domain';
import type { Offer } from '@kezek/contracts';
import { loadPolicy } from '../admin/policy.ts';
import type { Db } from '../db/connection.ts';
import { notFound } from '../problem.ts';
import { heldForTurns } from '../places/held.ts';
import { visibleTo } from '../auth/scope.ts';
import { openRounds } from './free-choice.ts';

/**
 * The places an application may take now, by the same rule that choosing applies (placeRefusal):
 * a turn-holder the places of the batch that gave the turn, any waiting child (not stop-listed)
 * the free-choice places of its district and group year that no running turn holds, and a child
 * old enough the places of private kindergartens under the state order.
 */
export async function offersFor(
  db: Db,
  userId: number,
  applicationId: string,
  now: Date,
): Promise<Offer[]> {
  const application = await db
    .selectFrom('applications as a')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .select([
      'a.id',
      'a.status',
      'a.region_id',
      'a.district_id',
      'a.group_year',
      'a.turn_batch_id',
      'child.birth_date',
    ])
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!application) throw notFound();
  if (application.status !== 'queued' && application.status !== 'turn') return [];
  const policy = (await loadPolicy(db, application.region_id))!;
  const privateAgeReached = hasReachedAge(
    application.birth_date,
    localDateOf(now),
    policy.privateMinAgeYears,
  );
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
      heldForTurns('b').as('held_for_turns'),
    ])
    .where('b.district_id', '=', application.district_id)
    .where('b.group_year', '=', application.group_year)
    .where('b.free', '>', 0)
    .orderBy('b.id')
    .execute();
  // Batched free choice: when a request of each batch would be decided (docs/rules.md).
  const batched = rows.filter((row) =>
    isBatchedRequest(policy.freeChoice, row, application.turn_batch_id),
  );
  const rounds = await openRounds(
    db,
    batched.map((row) => row.id),
    now,
  );
  const decideAtOf = new Map(
    batched.map((row) => [
      row.id,
      freeChoiceDecisionAt(
        rounds.get(row.id)?.decideAt ?? null,
        now,
        policy.freeChoiceWindowMinutes,
      ),
    ]),
  );
  const taker = {
    status: application.status,
    turnBatchId: application.turn_batch_id,
  };
  return rows.flatMap((row) => {
    const batch = {
      id: row.id,
      state: row.state,
      kindergartenType: row.type as Offer['kindergarten']['type'],
      free: row.free,
      heldForTurns: row.held_for_turns,
    };
    if (placeRefusal(taker, batch, privateAgeReached) !== null) return [];
    // The turn's own batch: all its free places are open to its turn-holder, even after the
    // batch's window when the turn was given for a place given back; to anyone else only those
    // no running turn holds.
    const ownTurn = row.id === taker.turnBatchId;
    return [
      {
        placeId: row.id,
        kindergarten: {
          id: row.kindergarten_id,
          name: { kk: row.name_kk, ru: row.name_ru },
          type: batch.kindergartenType,
          address: row.address,
          lat: row.lat,
          lon: row.lon,
        },
        groupYear: row.group_year,
        language: row.language as Offer['language'],
        free: ownTurn ? row.free : unheldPlaces(batch),
        mode: ownTurn ? ('turn' as const) : ('free_choice' as const),
        decideAt: decideAtOf.get(row.id)?.toISOString() ?? null,
      },
    ];
  });
}
