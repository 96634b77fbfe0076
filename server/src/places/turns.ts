import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import { APPLICATION_LIFECYCLE } from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { formatAlmatyInstant, languageName } from '../documents/format.ts';
import type { HistoryEntry } from '../history/history.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { turnCame } from '../notify/messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

/** The places a turn is for, as its message names them. */
export interface TurnPlaces {
  batchId: string;
  kindergarten: { name_kk: string; name_ru: string };
  language: Language;
  /** How many places the message offers: a release's count, or the one place given back. */
  count: number;
}

export interface Turn {
  applicationId: string;
  places: TurnPlaces;
  /** The end of this turn's own window. */
  turnUntil: Date;
  /** The turn is for a place given back (its history row says so). */
  placeReturned: boolean;
  /**
   * The policy `siblingPriority: within_class` put the child ahead of its class for this
   * kindergarten's places (its history row names the policy that decided).
   */
  bySibling: boolean;
}

/**
 * Gives each application its turn: status `turn` on its batch until its own window ends, in one
 * update for any number of turns, and the applicant's "your turn has come" in the applicant's
 * language, in the outbox's multi-row inserts. An application no longer queued (it took a place
 * or left the queue since it was chosen) is passed by. Returns the turns given, in the order
 * asked (the queue order), and their history rows, which the caller appends last with its own
 * (the chain's head stays locked from the append to the commit).
 */
export async function giveTurns(
  trx: Trx,
  turns: readonly Turn[],
  now: Date,
): Promise<{ given: Turn[]; history: HistoryEntry[] }> {
  if (turns.length === 0) return { given: [], history: [] };
  const rows = await trx
    .updateTable('applications as a')
    .set({
      status: 'turn',
      turn_batch_id: sql<string>`t.batch_id`,
      turn_until: sql<Date>`t.turn_until`,
      last_changed_at: now,
    })
    .from([
      'persons as child',
      sql<{ id: string; batch_id: string; turn_until: Date }>`(select * from unnest(
        ${turns.map((turn) => turn.applicationId)}::bigint[],
        ${turns.map((turn) => turn.places.batchId)}::bigint[],
        ${turns.map((turn) => turn.turnUntil.toISOString())}::timestamptz[]
      ) as u(id, batch_id, turn_until))`.as('t'),
    ])
    .whereRef('child.iin', '=', 'a.child_iin')
    .whereRef('a.id', '=', 't.id')
    // The lifecycle's turn, except that a child who has moved on since being chosen is passed by.
    .where('a.status', 'in', APPLICATION_LIFECYCLE.turn.from)
    .returning(['a.id', 'a.number', ...APPLICANT_CONTACT, fullNameOf('child').as('child_name')])
    .execute();
  // The messages and the history follow the order asked, whatever order the update returned.
  const byId = new Map(rows.map((row) => [row.id, row]));
  const given = turns.filter((turn) => byId.has(turn.applicationId));
  await enqueueNotifications(
    trx,
    given.map((turn) => {
      const application = byId.get(turn.applicationId)!;
      const until = formatAlmatyInstant(turn.turnUntil);
      return applicantNotification(application, (language) =>
        turnCame(
          {
            applicationNumber: application.number,
            childName: application.child_name,
            until,
            places: [
              {
                kindergarten: kindergartenNameIn(turn.places.kindergarten, language),
                language: languageName(turn.places.language, language),
                free: turn.places.count,
              },
            ],
          },
          language,
        ),
      );
    }),
    now,
  );
  const history = given.map((turn): HistoryEntry => ({
    at: now,
    actor: 'system',
    event: 'application.turn_given',
    subjectType: 'application',
    subjectId: turn.applicationId,
    before: { status: 'queued' },
    after: {
      status: 'turn',
      placeBatch: turn.places.batchId,
      turnUntil: turn.turnUntil.toISOString(),
      ...(turn.placeReturned && { placeReturned: true }),
      ...(turn.bySibling && { policy: { siblingPriority: 'within_class' } }),
    },
  }));
  return { given, history };
}
