import type { Language } from '@kezek/contracts';
import { turnWindowEnd, type RegionPolicy } from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { unprocessable } from '../problem.ts';
import { lockQueue, nextEligible, rankedOffers } from './allocate.ts';
import { placesKindergarten } from './kindergarten.ts';
import { giveTurns } from './turns.ts';
import type { CommandContext } from '../context.ts';

/** A saved batch whose places are being given: a release, or a place a transfer gave back. */
export interface ReleasedBatch {
  id: string;
  kindergarten: { id: number; district_id: number; name_kk: string; name_ru: string; type: string };
  groupYear: number;
  language: Language;
  count: number;
}

/**
 * Grants the open transfer requests that rank the batch's kindergarten, oldest first, from its
 * places (docs/rules.md, "Transfers"): how many, their history rows, and the places they gave
 * back to the children's old kindergartens (saved batches, to be served in turn). Given by the
 * route (the transfers folder issues the papers, which this folder may not import).
 */
export type ServeTransfers = (
  trx: Trx,
  batch: ReleasedBatch,
  policy: RegionPolicy,
  now: Date,
) => Promise<{ granted: number; history: HistoryEntry[]; returned: ReleasedBatch[] }>;

export interface ReleaseRequest {
  kindergartenId: number;
  groupYear: number;
  language: Language;
  count: number;
}

/**
 * Saves a batch of free places and, in the same transaction, gives the turn to the next eligible
 * children of that district and group year, one per place, with their notifications. Releases of
 * one queue take turns (an advisory lock on it), so two releases never pick the same child.
 * Set-based: the same few statements for one place or thousands (one update gives every turn,
 * one chained history insert and the outbox's multi-row inserts record them).
 */
export async function releasePlaces(
  context: CommandContext,
  release: ReleaseRequest,
  transfers?: ServeTransfers,
): Promise<{ batchId: string; turnsGiven: number; transfersGranted: number }> {
  const { db, clock, user } = context;
  const now = clock.now();
  const { kindergarten, policy, groupYears } = await placesKindergarten(
    context,
    release.kindergartenId,
    now,
  );
  if (!kindergarten.languages.includes(release.language)) {
    throw unprocessable('language_not_taught', 'The kindergarten does not teach in this language');
  }
  if (!groupYears.includes(release.groupYear)) {
    throw unprocessable(
      'group_year_out_of_range',
      'Places can be added only for the group years of preschool children',
    );
  }
  const turnUntil = turnWindowEnd(now, policy.turnWindowDays);
  return db.transaction().execute(async (trx: Trx) => {
    await lockQueue(trx, kindergarten.district_id, release.groupYear);
    const batch = await trx
      .insertInto('place_batches')
      .values({
        kindergarten_id: kindergarten.id,
        district_id: kindergarten.district_id,
        group_year: release.groupYear,
        language: release.language,
        total: release.count,
        free: release.count,
        state: 'waiting',
        turn_until: turnUntil,
        created_by: user.id,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Transfers first (docs/rules.md, "Transfers"), then turns for the places left; a place a
    // transfer gives back to the child's old kindergarten is served the same way in turn.
    const pending: ReleasedBatch[] = [
      {
        id: batch.id,
        kindergarten,
        groupYear: release.groupYear,
        language: release.language,
        count: release.count,
      },
    ];
    const history: HistoryEntry[] = [];
    let turnsGiven = 0;
    let transfersGranted = 0;
    for (let next = pending.shift(); next; next = pending.shift()) {
      const served = transfers
        ? await transfers(trx, next, policy, now)
        : { granted: 0, history: [], returned: [] };
      transfersGranted += served.granted;
      history.push(...served.history);
      pending.push(...served.returned);
      const given = await giveTurnsFor(trx, next, next.count - served.granted, policy, now);
      if (next.id === batch.id) turnsGiven = given.length;
      history.push(...given.history);
    }
    // Last: the chain's head stays locked from here to the commit, and every release waits for it.
    await appendHistoryRows(trx, [
      {
        at: now,
        actor: `user:${user.id}`,
        event: 'places.added',
        subjectType: 'place_batch',
        subjectId: batch.id,
        before: null,
        after: { ...release, turnUntil: turnUntil.toISOString() },
      },
      ...history,
    ]);
    return { batchId: batch.id, turnsGiven, transfersGranted };
  });
}

/**
 * Gives the turns for `count` places of a saved batch and, when nobody is waiting, opens it to
 * free choice at once. Private places under the state order go to whoever takes them first,
 * regardless of turn; the others to the next children in queue order (docs/rules.md, "Turns and
 * places released"), under ranked preferences to the children who ranked this kindergarten
 * ("Ranked preferences").
 */
async function giveTurnsFor(
  trx: Trx,
  batch: ReleasedBatch,
  count: number,
  policy: RegionPolicy,
  now: Date,
): Promise<{ length: number; history: HistoryEntry[] }> {
  const { kindergarten } = batch;
  const turnUntil = turnWindowEnd(now, policy.turnWindowDays);
  const queue = {
    districtId: kindergarten.district_id,
    groupYear: batch.groupYear,
    kindergartenId: kindergarten.id,
  };
  const chosen =
    kindergarten.type === 'private' || count <= 0
      ? []
      : policy.allocation === 'ranked'
        ? (
            await rankedOffers(
              trx,
              queue,
              [{ batchId: batch.id, kindergartenId: kindergarten.id, count }],
              policy,
              now,
            )
          ).map(({ applicationId }) => ({ applicationId, bySibling: false }))
        : await nextEligible(trx, queue, count, policy, now);
  const places = {
    batchId: batch.id,
    kindergarten,
    language: batch.language,
    count: batch.count,
  };
  const { given, history } = await giveTurns(
    trx,
    chosen.map(({ applicationId, bySibling }) => ({
      applicationId,
      places,
      turnUntil,
      placeReturned: false,
      bySibling,
    })),
    now,
  );
  if (given.length === 0 && count > 0) {
    // Nobody is waiting for a turn: the places are open to free choice at once.
    await trx
      .updateTable('place_batches')
      .set({ state: 'free_choice' })
      .where('id', '=', batch.id)
      .execute();
  }
  return { length: given.length, history };
}
