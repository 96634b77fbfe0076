import type { z } from 'zod';
import type { departFieldsSchema } from '@kezek/contracts';
import { localDateOf } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { inScope, staffScope, type Scope } from '../auth/scope.ts';
import { requireSignerForKindergarten } from '../eds/organisation.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { Problem, conflict, found, notFound, unprocessable } from '../problem.ts';
import { fullNameOf } from '../db/names.ts';
import { formatDate } from '../documents/format.ts';
import { APPLICANT_CONTACT, notifyApplicant } from '../notify/applicant.ts';
import { departureRecorded } from '../notify/workspace-messages.ts';
import type { CommandContext } from '../context.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

/** An enrolment of the kindergartens within `scope`, with its kindergarten `k`. */
function enrolmentInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('kindergartens as k', 'k.id', 'e.kindergarten_id')
    .where('e.id', '=', id)
    .where(inScope(scope, { kindergarten: 'e.kindergarten_id', district: 'k.district_id' }));
}

/** Before a signature is verified: the enrolment is of the caller's kindergartens, else 404. */
export async function requireStaffEnrolment(context: CommandContext, id: string): Promise<void> {
  const scope = staffScope(context.user);
  await found(enrolmentInScope(context.db, scope, id).select('e.id').executeTakeFirst());
}

/**
 * «Кетті» (docs/rules.md, "Kindergarten workspace"): the signed day and reason of a child's
 * departure end the enrolment. The place is not returned anywhere: the staff add free places by
 * hand (same section). The day is not in the future and not before the enrolment.
 */
export async function recordDeparture(
  context: CommandContext,
  id: string,
  signed: SignedAction<z.infer<typeof departFieldsSchema>>,
): Promise<void> {
  if (signed.fields.enrolmentId !== id)
    throw new Problem(400, 'action_mismatch', 'The signature is for another enrolment');
  const { db, clock, user } = context;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const enrolment = await enrolmentInScope(trx, staffScope(user), id)
      .innerJoin('directions as d', 'd.id', 'e.direction_id')
      .innerJoin('applications as a', 'a.id', 'e.application_id')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .select([
        'a.number as application_number',
        ...APPLICANT_CONTACT,
        fullNameOf('child').as('child_name'),
        'k.name_kk',
        'k.name_ru',
        'e.id',
        'e.application_id',
        'e.kindergarten_id',
        'e.enrolled_at',
        'e.departed_on',
        'd.number as direction_number',
        'k.bin',
      ])
      .forUpdate('e')
      .executeTakeFirst();
    if (!enrolment) throw notFound();
    requireSignerForKindergarten(signed.signer, enrolment);
    if (enrolment.departed_on !== null)
      throw conflict('already_departed', 'The child’s departure is already recorded');
    const { date } = signed.fields;
    if (date > localDateOf(now) || date < localDateOf(enrolment.enrolled_at)) {
      throw unprocessable(
        'departure_date_invalid',
        'The day of departure is between the enrolment and today',
      );
    }
    await trx
      .updateTable('enrolments')
      .set({
        departed_on: date,
        departure_reason: signed.fields.reason,
        departed_by: user.id,
        departure_recorded_at: now,
      })
      .where('id', '=', id)
      .execute();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.departed',
      subjectType: 'application',
      subjectId: enrolment.application_id,
      before: { enrolment: id, direction: enrolment.direction_number },
      after: {
        enrolment: id,
        direction: enrolment.direction_number,
        kindergarten: enrolment.kindergarten_id,
        departedOn: date,
        reason: signed.fields.reason,
      },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      enrolment,
      (language) =>
        departureRecorded(
          {
            applicationNumber: enrolment.application_number,
            childName: enrolment.child_name,
            kindergarten: kindergartenNameIn(enrolment, language),
            date: formatDate(date),
          },
          language,
        ),
      now,
    );
  });
}
