import type { Language } from '@kezek/contracts';
import { turnWindowEnd } from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { appendHistoryRows } from '../history/history.ts';
import { unprocessable } from '../problem.ts';
import { lockQueue, nextEligible, rankedOffers } from './allocate.ts';
import { placesKindergarten } from './kindergarten.ts';
import { giveTurns } from './turns.ts';
import type { CommandContext } from '../context.ts';

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
): Promise<{ batchId: string; turnsGiven: number }> {
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
    // Private places under the state order go to whoever takes them first, regardless of turn;
    // the others to the next children in queue order (docs/rules.md, "Turns and places released").
    // Under ranked preferences, the children who ranked this kindergarten (docs/rules.md,
    // "Ranked preferences").
    const queue = {
      districtId: kindergarten.district_id,
      groupYear: release.groupYear,
      kindergartenId: kindergarten.id,
    };
    const chosen =
      kindergarten.type === 'private'
        ? []
        : policy.allocation === 'ranked'
          ? await rankedOffers(trx, queue, release.count, policy, now)
          : await nextEligible(trx, queue, release.count, policy, now);
    const places = {
      batchId: batch.id,
      kindergarten,
      language: release.language,
      count: release.count,
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
    if (given.length === 0) {
      // Nobody is waiting for a turn: the places are open to free choice at once.
      await trx
        .updateTable('place_batches')
        .set({ state: 'free_choice' })
        .where('id', '=', batch.id)
        .execute();
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
    return { batchId: batch.id, turnsGiven: given.length };
  });
}
