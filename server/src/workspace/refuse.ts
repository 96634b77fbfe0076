import type { z } from 'zod';
import type { refuseDirectionFieldsSchema } from '@kezek/contracts';
import { certificateFullName } from '../signature/evidence.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { notifyApplicant } from '../notify/applicant.ts';
import { refusalRequested } from '../notify/workspace-messages.ts';
import { answerDirection } from './direction.ts';
import { moveDirections } from '../lifecycle/directions.ts';
import type { CommandContext } from '../context.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

/**
 * «Бас тарту» (docs/rules.md, "Kindergarten workspace"): a signed refusal with its reason goes to
 * the officer of the kindergarten's district. The direction waits in `refusal_pending`: the
 * expiry sweep only takes issued directions, so its deadline is paused (the refusal keeps the
 * deadline it paused). A direction is refused at most once: after the department rejected a
 * refusal the kindergarten must accept the child.
 */
export async function requestRefusal(
  context: CommandContext,
  id: string,
  signed: SignedAction<z.infer<typeof refuseDirectionFieldsSchema>>,
): Promise<string> {
  return answerDirection(context, 'refuse', id, signed, async (trx, direction, { userId, now }) => {
    const refusal = await trx
      .insertInto('refusals')
      .values({
        direction_id: id,
        application_id: direction.application_id,
        kindergarten_id: direction.kindergarten_id,
        district_id: direction.district_id,
        reason: signed.fields.reason,
        status: 'pending',
        signer_iin: signed.signer.iin,
        signer_name: certificateFullName(signed.signer),
        created_by: userId,
        created_at: now,
        paused_deadline: direction.deadline,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await moveDirections(trx, 'requestRefusal', [id], 'refusal_pending');
    await appendHistory(trx, {
      at: now,
      actor: `user:${userId}`,
      event: 'application.refusal_requested',
      subjectType: 'application',
      subjectId: direction.application_id,
      before: { direction: direction.number, directionStatus: 'issued' },
      after: {
        direction: direction.number,
        directionStatus: 'refusal_pending',
        refusal: refusal.id,
        reason: signed.fields.reason,
        pausedDeadline: direction.deadline.toISOString(),
      },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      direction,
      (language) =>
        refusalRequested(
          {
            applicationNumber: direction.application_number,
            directionNumber: direction.number,
            childName: direction.child_name,
            kindergarten: kindergartenNameIn(direction, language),
            reason: signed.fields.reason,
          },
          language,
        ),
      now,
    );
    return refusal.id;
  });
}
