import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import { signedInUser } from '../auth/guard.ts';
import type { Db } from '../db/connection.ts';
import { formatAlmatyInstant, languageName } from '../documents/format.ts';
import { fullNameOf } from '../db/names.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { unprocessable } from '../http/problem.ts';
import { turnCame } from '../notify/messages.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { nextEligible } from './allocate.ts';
import { announceFreePlaces } from './availability.ts';
import { placesKindergarten } from './kindergarten.ts';

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
  request: FastifyRequest,
  release: ReleaseRequest,
): Promise<{ batchId: string; turnsGiven: number }> {
  const { db, clock } = request.server;
  const user = signedInUser(request);
  const now = clock.now();
  const { kindergarten, policy, groupYears } = await placesKindergarten(
    request,
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
  const turnUntil = new Date(now.getTime() + policy.turnWindowDays * 86_400_000);
  return db.transaction().execute(async (trx: Db) => {
    await sql`select pg_advisory_xact_lock(${kindergarten.district_id}, ${release.groupYear})`.execute(
      trx,
    );
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
    // Private places under the state order go to whoever takes them first, regardless of turn
    // (seed 000); the others to the next children in queue order.
    const chosen =
      kindergarten.type === 'private'
        ? []
        : await nextEligible(
            trx,
            kindergarten.district_id,
            release.groupYear,
            release.count,
            policy,
            now,
          );
    if (chosen.length === 0) {
      // Nobody is waiting for a turn: the places are open to free choice at once.
      await trx
        .updateTable('place_batches')
        .set({ state: 'free_choice' })
        .where('id', '=', batch.id)
        .execute();
    }
    const given =
      chosen.length === 0
        ? []
        : await trx
            .updateTable('applications as a')
            .set({
              status: 'turn',
              turn_until: turnUntil,
              turn_batch_id: batch.id,
              last_changed_at: now,
            })
            .from('persons as child')
            .whereRef('child.iin', '=', 'a.child_iin')
            .where(sql<boolean>`a.id = any(${chosen}::bigint[])`)
            .returning([
              'a.id',
              'a.number',
              ...APPLICANT_CONTACT,
              fullNameOf('child').as('child_name'),
            ])
            .execute();
    // The history and the messages follow the queue order, whatever order the update returned.
    const rank = new Map(chosen.map((id, index) => [id, index]));
    given.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    const until = formatAlmatyInstant(turnUntil);
    await enqueueNotifications(
      trx,
      given.map((application) =>
        applicantNotification(application, (language) =>
          turnCame(
            {
              applicationNumber: application.number,
              childName: application.child_name,
              until,
              places: [
                {
                  kindergarten: language === 'kk' ? kindergarten.name_kk : kindergarten.name_ru,
                  language: languageName(release.language, language),
                  free: release.count,
                },
              ],
            },
            language,
          ),
        ),
      ),
      now,
    );
    await announceFreePlaces(trx, kindergarten.district_id, release.groupYear);
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
      ...given.map((application): HistoryEntry => ({
        at: now,
        actor: 'system',
        event: 'application.turn_given',
        subjectType: 'application',
        subjectId: application.id,
        before: { status: 'queued' },
        after: { status: 'turn', placeBatch: batch.id, turnUntil: turnUntil.toISOString() },
      })),
    ]);
    return { batchId: batch.id, turnsGiven: given.length };
  });
}
