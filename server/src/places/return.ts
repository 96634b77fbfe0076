import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import {
  inTurnPhase,
  passedPlaceGoesOn,
  placesHeldByPassedTurns,
  returnedPlaceGoesTo,
  turnWindowEnd,
  type BatchState,
  type PassedTurnEnd,
  type RegionPolicy,
  type ReturnedPlaceDestination,
} from '@kezek/domain';
import { policyLoader } from '../admin/policy.ts';
import type { Trx } from '../db/connection.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { lockQueue, nextEligible, rankedOffers } from './allocate.ts';
import { announceFreePlaces } from './availability.ts';
import { runningTurns } from './held.ts';
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

/** Children chosen for places, as index of the place → the child. */
type Chosen = Map<number, { applicationId: string; bySibling: boolean }>;

/** Chooses the children for the places at `indexes` of one queue. */
type ChooseChildren = (
  trx: Trx,
  queue: { districtId: number; groupYear: number },
  indexes: readonly number[],
  batchOf: (index: number) => Batch,
  policy: RegionPolicy,
  now: Date,
) => Promise<Chosen>;

/**
 * Under ranked preferences, one round over the queue's places (rankedOffers): each child offered
 * the best-ranked kindergarten of theirs among them; the places of a batch in the order they came.
 */
const rankedChildren: ChooseChildren = async (trx, queue, indexes, batchOf, policy, now) => {
  const byBatch = new Map<string, number[]>();
  for (const index of indexes) {
    const batch = batchOf(index);
    byBatch.set(batch.id, [...(byBatch.get(batch.id) ?? []), index]);
  }
  const round = [...byBatch].map(([batchId, places]) => ({
    batchId,
    kindergartenId: batchOf(places[0]!).kindergarten_id,
    count: places.length,
  }));
  const chosen: Chosen = new Map();
  for (const offer of await rankedOffers(trx, queue, round, policy, now)) {
    const index = byBatch.get(offer.batchId)!.shift()!;
    chosen.set(index, { applicationId: offer.applicationId, bySibling: false });
  }
  return chosen;
};

/** The next eligible children in queue order, one per place, in the order the places came. */
const childrenInLine: ChooseChildren = async (trx, queue, indexes, batchOf, policy, now) => {
  // Siblings count for one kindergarten's places: places of several kindergartens given back
  // at once to one queue go in queue order.
  const kindergartens = new Set(indexes.map((index) => batchOf(index).kindergarten_id));
  const kindergartenId = kindergartens.size === 1 ? [...kindergartens][0]! : null;
  const children = await nextEligible(
    trx,
    { ...queue, kindergartenId },
    indexes.length,
    policy,
    now,
  );
  return new Map(children.map((child, order) => [indexes[order]!, child]));
};

/**
 * The turns for the places that `goesOn` sends to a next child: per queue (district and group
 * year), under ranked preferences the children who ranked their kindergartens, otherwise the next
 * eligible children in queue order.
 */
async function turnsFor(
  trx: Trx,
  places: readonly Pick<PlaceGivenBack, 'batchId'>[],
  batches: Map<string, Batch>,
  now: Date,
  goesOn: (batch: Batch, policy: RegionPolicy) => boolean,
): Promise<Map<number, Turn>> {
  const batchOf = (index: number) => batches.get(places[index]!.batchId)!;
  const policyOf = policyLoader(trx);
  const byQueue = new Map<string, { policy: RegionPolicy; indexes: number[] }>();
  for (const index of places.keys()) {
    const batch = batchOf(index);
    const policy = await policyOf(batch.region_id);
    if (!goesOn(batch, policy)) continue;
    const key = `${batch.district_id}:${batch.group_year}`;
    const queue = byQueue.get(key) ?? { policy, indexes: [] };
    queue.indexes.push(index);
    byQueue.set(key, queue);
  }
  const turns = new Map<number, Turn>();
  for (const { policy, indexes } of byQueue.values()) {
    const first = batchOf(indexes[0]!);
    const queue = { districtId: first.district_id, groupYear: first.group_year };
    const choose = policy.allocation === 'ranked' ? rankedChildren : childrenInLine;
    const chosen = await choose(trx, queue, indexes, batchOf, policy, now);
    for (const [index, { applicationId, bySibling }] of chosen) {
      const batch = batchOf(index);
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
    }
  }
  return turns;
}

/** A turn that ended without a place taken: declined, or lapsed at its window's end. */
export interface PassedTurn {
  applicationId: string;
  batchId: string;
}

/**
 * Hands on the places held by turns that ended unused (docs/rules.md, "Ranked preferences" and
 * "Declining a turn"): records each pass (a child is never offered again a batch it let pass),
 * then each place such a turn held (placesHeldByPassedTurns) goes where passedPlaceGoesOn sends
 * it, to a next child with a turn of its own, or else to free choice, which opens a batch still
 * in its turn phase. The places were never taken: the batches' free counts stay. Call it while
 * the children who let their turns pass are still on them (so the places do not come back to
 * them) and before the caller appends its own history. Returns the new turns' history rows and
 * where the place of each passed turn went (none for a turn that held no place).
 */
export async function handOnPassedTurns(
  trx: Trx,
  passed: readonly PassedTurn[],
  end: PassedTurnEnd,
  now: Date,
): Promise<{ history: HistoryEntry[]; placeTo: Map<string, ReturnedPlaceDestination> }> {
  if (passed.length === 0) return { history: [], placeTo: new Map() };
  await trx
    .insertInto('passed_turns')
    .values(
      passed.map((turn) => ({
        batch_id: turn.batchId,
        application_id: turn.applicationId,
        passed_at: now,
      })),
    )
    .onConflict((conflict) => conflict.columns(['batch_id', 'application_id']).doNothing())
    .execute();
  const batchIds = [...new Set(passed.map((turn) => turn.batchId))];
  await lockQueuesOf(trx, batchIds);
  const rows = await batchRows(trx, batchIds)
    .select(['b.free', runningTurns('b').as('running')])
    .execute();
  const batches = new Map(rows.map((batch) => [batch.id, batch]));
  // The places held, each with the passed turn that held it.
  const held: PassedTurn[] = rows.flatMap((batch) => {
    const onBatch = passed.filter((turn) => turn.batchId === batch.id);
    return onBatch.slice(0, placesHeldByPassedTurns(batch.free, batch.running, onBatch.length));
  });
  const turns = await turnsFor(trx, held, batches, now, (batch, policy) =>
    passedPlaceGoesOn(policy.allocation, end, phaseOf(batch), now),
  );
  const { given, history } = await giveTurns(trx, [...turns.values()], now);
  const givenIds = new Set(given.map((turn) => turn.applicationId));
  const placeTo = new Map(
    held.map((turn, index): [string, ReturnedPlaceDestination] => [
      turn.applicationId,
      givenIds.has(turns.get(index)?.applicationId ?? '') ? 'turn' : 'free_choice',
    ]),
  );
  const opened = held
    .filter((turn) => placeTo.get(turn.applicationId) === 'free_choice')
    .map((turn) => turn.batchId)
    .filter((batchId) => inTurnPhase(phaseOf(batches.get(batchId)!), now));
  if (opened.length > 0) {
    await trx
      .updateTable('place_batches')
      .set({ state: 'free_choice' })
      .where('id', 'in', opened)
      .execute();
  }
  return { history, placeTo };
}

/** Where a passed turn's place went, for its history row: nothing when it held none. */
export function placeTo(
  handedOn: { placeTo: ReadonlyMap<string, ReturnedPlaceDestination> },
  applicationId: string,
): { placeTo?: ReturnedPlaceDestination } {
  const destination = handedOn.placeTo.get(applicationId);
  return destination ? { placeTo: destination } : {};
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
  const turns = await turnsFor(trx, places, batches, now, (batch) =>
    inTurnPhase(phaseOf(batch), now),
  );
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
