import type { z } from 'zod';
import type { acceptDirectionFieldsSchema } from '@kezek/contracts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { conflict, unprocessable } from '../problem.ts';
import { notifyApplicant } from '../notify/applicant.ts';
import { childEnrolled } from '../notify/workspace-messages.ts';
import { answerDirection } from './direction.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { moveDirections } from '../lifecycle/directions.ts';
import type { CommandContext } from '../context.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

/**
 * «БМҰ-ға қабылдау» (docs/rules.md, "Kindergarten workspace"): the child is enrolled by a signed
 * `direction.accept`. A benefit-class direction needs the signed confirmation that the proof
 * documents were checked.
 * The application becomes `enrolled`; one that left the queue for a private kindergarten under
 * the state order stays `removed` (its queue place was given up for good at the choice).
 */
export async function acceptDirection(
  context: CommandContext,
  id: string,
  signed: SignedAction<z.infer<typeof acceptDirectionFieldsSchema>>,
): Promise<string> {
  return answerDirection(context, 'accept', id, signed, async (trx, direction, { userId, now }) => {
    if (direction.queue_class !== 'general' && signed.fields.benefitDocumentsChecked !== true) {
      throw unprocessable(
        'benefit_documents_unchecked',
        'Confirm that the benefit proof documents were checked',
      );
    }
    const before = direction.application_status;
    if (before !== 'direction_issued' && before !== 'removed')
      throw conflict('action_not_allowed', 'The application cannot be enrolled in its status');
    const after = before === 'removed' ? 'removed' : 'enrolled';
    const enrolment = await trx
      .insertInto('enrolments')
      .values({
        direction_id: direction.id,
        application_id: direction.application_id,
        kindergarten_id: direction.kindergarten_id,
        child_iin: direction.child_iin,
        group_year: direction.group_year,
        enrolled_at: now,
        enrolled_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await moveDirections(trx, 'accept', [id], 'enrolled');
    await moveApplications(trx, 'accept', [direction.application_id], after, now);
    await appendHistory(trx, {
      at: now,
      actor: `user:${userId}`,
      event: 'application.enrolled',
      subjectType: 'application',
      subjectId: direction.application_id,
      before: { status: before, direction: direction.number },
      after: {
        status: after,
        direction: direction.number,
        directionStatus: 'enrolled',
        enrolment: enrolment.id,
        kindergarten: direction.kindergarten_id,
        ...(signed.fields.benefitDocumentsChecked !== undefined && {
          benefitDocumentsChecked: signed.fields.benefitDocumentsChecked,
        }),
      },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      direction,
      (language) =>
        childEnrolled(
          {
            applicationNumber: direction.application_number,
            directionNumber: direction.number,
            childName: direction.child_name,
            kindergarten: kindergartenNameIn(direction, language),
          },
          language,
        ),
      now,
    );
    return enrolment.id;
  });
}
