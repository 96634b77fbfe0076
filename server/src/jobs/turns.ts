import type { Db } from '../db/connection.ts';
import { appendHistoryRows, type HistoryEntry } from '../history/history.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { fullNameOf } from '../db/names.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { turnLapsed } from '../notify/messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { handOnPassedTurns, placeTo } from '../places/return.ts';

/**
 * At the end of a turn window the unchosen places go to free choice and every turn-holder who did
 * not choose goes back to queued, at their own place (their instant never changed). Batches and
 * turns end by their own deadlines: a turn given for a place given back usually ends after its
 * batch has gone to free choice, and keeps a place held until then (heldForTurns). At a turn's end
 * the place it held goes on to the next child who ranked the kindergarten where the region ranks
 * preferences, with a window of its own, in the lapse's transaction; otherwise, or when nobody is
 * left, it is free choice, as every unused turn's place is (docs/rules.md, "Places given back",
 * "Ranked preferences").
 */
export async function endTurnWindows(db: Db, now: Date): Promise<number> {
  // The batches first, in a transaction of their own: the lapses hand places on to children
  // whose rows a choice may hold while it waits for its batch's row.
  await db
    .updateTable('place_batches')
    .set({ state: 'free_choice' })
    .where('state', '=', 'waiting')
    .where('turn_until', '<=', now)
    .execute();
  return db.transaction().execute(async (trx) => {
    const lapsed = await trx
      .selectFrom('applications as a')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .select([
        'a.id',
        'a.number',
        'a.turn_batch_id',
        'a.turn_until',
        ...APPLICANT_CONTACT,
        fullNameOf('child').as('child_name'),
      ])
      .where('a.status', '=', 'turn')
      .where('a.turn_until', '<=', now)
      .forUpdate(['a'])
      .skipLocked()
      .limit(1000)
      .execute();
    const ids = lapsed.map((row) => row.id);
    // While the children are still on their turns: the places do not come back to them.
    const handedOn = await handOnPassedTurns(
      trx,
      lapsed.flatMap(({ id, turn_batch_id }) =>
        turn_batch_id ? [{ applicationId: id, batchId: turn_batch_id }] : [],
      ),
      'lapsed',
      now,
    );
    await moveApplications(trx, 'lapseTurn', ids, 'queued', now, {
      turn_until: null,
      turn_batch_id: null,
    });
    await appendHistoryRows(trx, [
      ...lapsed.map((application): HistoryEntry => ({
        at: now,
        actor: 'system',
        event: 'application.turn_lapsed',
        subjectType: 'application',
        subjectId: application.id,
        before: { status: 'turn', placeBatch: application.turn_batch_id },
        after: { status: 'queued', ...placeTo(handedOn, application.id) },
      })),
      ...handedOn.history,
    ]);
    // The parent is told the turn ended and the child keeps its place (docs/rules.md).
    await enqueueNotifications(
      trx,
      lapsed.map((row) =>
        applicantNotification(row, (language) =>
          turnLapsed(
            {
              applicationNumber: row.number,
              childName: row.child_name,
              until: formatAlmatyInstant(row.turn_until!),
            },
            language,
          ),
        ),
      ),
      now,
    );
    return lapsed.length;
  });
}
