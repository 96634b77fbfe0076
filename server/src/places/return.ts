import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import {
  inTurnPhase,
  returnedPlaceGoesTo,
  turnWindowEnd,
  type BatchState,
  type ReturnedPlaceDestination,
} from '@kezek/domain';
import { policyLoader } from '../admin/policy.ts';
import type { Trx } from '../db/connection.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { lockQueue, nextEligible, rankedOffers } from './allocate.ts';
import { announceFreePlaces } from './availability.ts';
import { giveTurns, type Turn } from './turns.ts';

export interface PlaceGivenBack {
  batchId: string;
  /** The number of the direction that held the place: the batch's history names it. */
  direction: string;
}

/** Locks the queues of the batches, in one order: two givers of several queues never deadlock. */
async function lockQueuesOf(trx: Trx, batchIds: readonly string[]): Promise<void> {
  const queues = await trx
    .selectFrom('place_batches')
    .select(['district_id', 'group_year'])
    .distinct()
    .where('id', 'in', batchIds)
    .orderBy('district_id')
    .orderBy('group_year')
    .execute();
  for (const queue of queues) await lockQueue(trx, queue.district_id, queue.group_year);
}

function batchRows(trx: Trx, batchIds: readonly string[]) {
  return trx
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .innerJoin('districts as d', 'd.id', 'b.district_id')
    .select([
      'b.id',
      'b.state',
      'b.turn_until',
      'b.district_id',
      'b.group_year',
      'b.language',
      'b.kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'd.region_id',
    ])
    .where('b.id', 'in', batchIds);
}

type Batch = Awaited<ReturnType<ReturnType<typeof batchRows>['execute']>>[number];

const phaseOf = (batch: Batch) => ({
  state: batch.state,
  turnUntil: batch.turn_until,
});

/**
 * The turns for the places whose batches are in their turn phase: per queue (district and group
 * year), the next eligible children in queue order, one per place, in the order the places came.
 */
async function turnsFor(
  trx: Trx,
  places: readonly Pick<PlaceGivenBack, 'batchId'>[],
  batches: Map<string, Batch>,
  now: Date,
): Promise<Map<number, Turn>> {
  const byQueue = new Map<string, number[]>();
  places.forEach((place, index) => {
    const batch = batches.get(place.batchId)!;
    if (!inTurnPhase(phaseOf(batch), now)) return;
    const queue = `${batch.district_id}:${batch.group_year}`;
    byQueue.set(queue, [...(byQueue.get(queue) ?? []), index]);
  });
  const policyOf = policyLoader(trx);
  const turns = new Map<number, Turn>();
  for (const indexes of byQueue.values()) {
    const first = batches.get(places[indexes[0]!]!.batchId)!;
    const policy = await policyOf(first.region_id);
    // Siblings count for one kindergarten's places: places of several kindergartens given back
    // at once to one queue go in queue order.
    const kindergartens = new Set(
      indexes.map((index) => batches.get(places[index]!.batchId)!.kindergarten_id),
    );
    const queue = {
      districtId: first.district_id,
      groupYear: first.group_year,
      kindergartenId: kindergartens.size === 1 ? first.kindergarten_id : null,
    };
    // Under ranked preferences a kindergarten's place goes to the next child who ranked it.
    const children =
      policy.allocation === 'ranked' && queue.kindergartenId !== null
        ? await rankedOffers(
            trx,
            { ...queue, kindergartenId: queue.kindergartenId },
            indexes.length,
            policy,
            now,
          )
        : await nextEligible(trx, queue, indexes.length, policy, now);
    children.forEach(({ applicationId, bySibling }, order) => {
      const index = indexes[order]!;
      const batch = batches.get(places[index]!.batchId)!;
      turns.set(index, {
        applicationId,
        places: {
          batchId: batch.id,
          kindergarten: batch,
          language: batch.language as Language,
          count: 1,
        },
        turnUntil: turnWindowEnd(now, policy.turnWindowDays),
        placeReturned: true,
        bySibling,
      });
    });
  }
  return turns;
}

/**
 * Hands a place held by a turn that ended early (the applicant declined it) to the next child,
 * as a place given back would go while its batch offers turns; outside that phase the place is
 * simply no longer held (free choice sees it). The place was never taken: the batch's free count
 * stays. Call it while the decliner is still on the turn (so the place does not come back to
 * them) and before the caller appends its own history; returns the new turn's history rows.
 */
export async function handOnHeldPlace(
  trx: Trx,
  batchId: string,
  now: Date,
): Promise<HistoryEntry[]> {
  await lockQueuesOf(trx, [batchId]);
  const batches = new Map(
    (await batchRows(trx, [batchId]).execute()).map((batch) => [batch.id, batch]),
  );
  const turns = await turnsFor(trx, [{ batchId }], batches, now);
  const { history } = await giveTurns(trx, [...turns.values()], now);
  return history;
}

/**
 * Puts places given back into their batches, each where the rules send it (returnedPlaceGoesTo,
 * docs/rules.md): while its batch offers turns, to the next eligible child of the batch's district
 * and group year in queue order, with a turn of its own (the policy's turnWindowDays from now)
 * and the same message as a release; otherwise, or when nobody is waiting, to free choice, which
 * opens the batch. Every path that gives a place back (a direction revoked, expired, or refused
 * with the officer's confirmation) calls it in its own transaction, set-based for a sweep's many
 * places. Each queue is locked as a release locks it, so two givers never pick the same child.
 *
 * Call it before the caller appends its own history: the chain's head, once locked, is held to
 * the commit, and this still locks batch rows that a choice may hold while it waits for the head.
 * Call it while the child who gave the place back is not waiting for a turn (a revoked child is
 * queued again afterwards): nobody is offered the place they have just given back. Returns where
 * each place went, in the order given.
 */
export async function returnPlaces(
  trx: Trx,
  places: readonly PlaceGivenBack[],
  actor: string,
  now: Date,
): Promise<ReturnedPlaceDestination[]> {
  if (places.length === 0) return [];
  const batchIds = [...new Set(places.map((place) => place.batchId))];
  await lockQueuesOf(trx, batchIds);
  // Read under the locks: a place given back just before may have opened a batch to free choice.
  const batches = new Map(
    (await batchRows(trx, batchIds).execute()).map((batch) => [batch.id, batch]),
  );
  const turns = await turnsFor(trx, places, batches, now);
  // The children's rows before the batches' rows: a choice locks its application, then its batch.
  const { given, history: turnHistory } = await giveTurns(trx, [...turns.values()], now);
  const givenIds = new Set(given.map((turn) => turn.applicationId));
  const destinations = places.map((place, index) =>
    returnedPlaceGoesTo(
      phaseOf(batches.get(place.batchId)!),
      now,
      givenIds.has(turns.get(index)?.applicationId ?? ''),
    ),
  );
  const changes = new Map<string, { places: number; freeChoice: boolean }>();
  places.forEach((place, index) => {
    const change = changes.get(place.batchId) ?? { places: 0, freeChoice: false };
    change.places += 1;
    change.freeChoice ||= destinations[index] === 'free_choice';
    changes.set(place.batchId, change);
  });
  await trx
    .updateTable('place_batches as b')
    .set({
      free: sql<number>`b.free + r.places`,
      state: sql<BatchState>`case when r.free_choice then 'free_choice' else b.state end`,
    })
    .from(
      sql<{ id: string; places: number; free_choice: boolean }>`(select * from unnest(
        ${[...changes.keys()]}::bigint[],
        ${[...changes.values()].map((change) => change.places)}::int[],
        ${[...changes.values()].map((change) => change.freeChoice)}::boolean[]
      ) as u(id, places, free_choice))`.as('r'),
    )
    .whereRef('b.id', '=', 'r.id')
    .execute();
  // Whether it went to a turn or to free choice, the place is free again in its queue.
  for (const batch of batches.values()) {
    await announceFreePlaces(trx, batch.district_id, batch.group_year);
  }
  const turnRows = new Map(turnHistory.map((entry) => [String(entry.subjectId), entry]));
  await appendHistoryRows(
    trx,
    places.flatMap((place, index): HistoryEntry[] => {
      const turn = destinations[index] === 'turn' ? turns.get(index)! : null;
      const returned: HistoryEntry = {
        at: now,
        actor,
        event: 'places.returned',
        subjectType: 'place_batch',
        subjectId: place.batchId,
        before: null,
        after: turn
          ? {
              direction: place.direction,
              to: 'turn',
              application: turn.applicationId,
              turnUntil: turn.turnUntil.toISOString(),
            }
          : { direction: place.direction, to: 'free_choice' },
      };
      return turn ? [returned, turnRows.get(turn.applicationId)!] : [returned];
    }),
  );
  return destinations;
}
