import { turnDeclineOpen } from '@kezek/domain';
import { visibleTo } from '../auth/scope.ts';
import type { CommandContext } from '../context.ts';
import { appendHistoryRows } from '../history/history.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { conflict, notFound } from '../problem.ts';
import { handOnPassedTurns, placeTo } from './return.ts';

/**
 * The applicant declines the child's turn (docs/rules.md, "Declining a turn"), once in 12 months:
 * the child is queued again at its place, and the place the turn held goes on at once to the next
 * child as a place given back would, under ranked preferences to the next child who ranked the
 * kindergarten (handOnPassedTurns). In one transaction with the history rows; the signature is
 * the decline's evidence.
 */
export async function declineTurn(
  { db, clock, user }: CommandContext,
  applicationId: string,
  signed: SignedAction<{ applicationId: string }>,
): Promise<void> {
  if (signed.fields.applicationId !== applicationId) throw notFound();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('applications as a')
      .select(['a.id', 'a.status', 'a.turn_batch_id', 'a.turn_declined_at'])
      .where('a.id', '=', applicationId)
      .where(visibleTo(user.id))
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    if (!turnDeclineOpen(row.status, row.turn_declined_at, now)) {
      throw row.status === 'turn'
        ? conflict('turn_decline_used', 'A turn was declined in the last 12 months')
        : conflict('action_not_allowed', 'There is no turn to decline');
    }
    // While this child still holds the turn, so that the place goes to someone else.
    const handedOn = await handOnPassedTurns(
      trx,
      [{ applicationId: row.id, batchId: row.turn_batch_id! }],
      'declined',
      now,
    );
    await moveApplications(trx, 'lapseTurn', [row.id], 'queued', now, {
      turn_until: null,
      turn_batch_id: null,
      turn_declined_at: now,
    });
    await appendHistoryRows(trx, [
      {
        at: now,
        actor: `user:${user.id}`,
        event: 'application.turn_declined',
        subjectType: 'application',
        subjectId: row.id,
        before: { status: 'turn', placeBatch: row.turn_batch_id },
        after: { status: 'queued', ...placeTo(handedOn, row.id) },
        evidence: signed.evidence,
      },
      ...handedOn.history,
    ]);
  });
}
