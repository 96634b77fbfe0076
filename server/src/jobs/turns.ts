import type { Db } from '../db/connection.ts';
import { appendHistoryRows } from '../history/history.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { fullNameOf } from '../db/names.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { turnLapsed } from '../notify/messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';

/**
 * At the end of a turn window the unchosen places go to free choice and every turn-holder who did
 * not choose goes back to queued, at their own place (their instant never changed). Batches and
 * turns end by their own deadlines: a turn given for a place given back usually ends after its
 * batch has gone to free choice, and keeps a place held until then (heldForTurns); at its end
 * that place is free choice, as every unused turn's place is (docs/rules.md, "Places given back").
 */
export async function endTurnWindows(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('place_batches')
      .set({ state: 'free_choice' })
      .where('state', '=', 'waiting')
      .where('turn_until', '<=', now)
      .execute();
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
    await moveApplications(trx, 'lapseTurn', ids, 'queued', now, {
      turn_until: null,
      turn_batch_id: null,
    });
    await appendHistoryRows(
      trx,
      lapsed.map((application) => ({
        at: now,
        actor: 'system',
        event: 'application.turn_lapsed',
        subjectType: 'application',
        subjectId: application.id,
        before: { status: 'turn', placeBatch: application.turn_batch_id },
        after: { status: 'queued' },
      })),
    );
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
