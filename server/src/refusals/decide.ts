import type { z } from 'zod';
import type { Language, refusalDecisionFieldsSchema } from '@kezek/contracts';
import { workingDaysDeadline } from '@kezek/domain';
import { loadWorkCalendar } from '../admin/calendar.ts';
import { loadPolicy } from '../admin/policy.ts';
import { inScope, officerScope } from '../auth/scope.ts';
import type { SignedInUser } from '../auth/users.ts';
import type { Db, Trx } from '../db/connection.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { Problem, conflict, found, notFound } from '../problem.ts';
import { refusalConfirmed, refusalRejected } from '../notify/workspace-messages.ts';
import { APPLICANT_CONTACT, notifyApplicant } from '../notify/applicant.ts';
import { fullNameOf } from '../db/names.ts';
import { returnPlaces } from '../places/return.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { refusalsWithDirection } from './view.ts';
import { moveDirections } from '../lifecycle/directions.ts';
import type { CommandContext } from '../context.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

type DecisionFields = z.infer<typeof refusalDecisionFieldsSchema>;

/** A refusal of the districts the caller serves, with its direction, application and child. */
function refusalInScope(db: Db, user: SignedInUser, id: string) {
  return refusalsWithDirection(db)
    .where('r.id', '=', id)
    .where(inScope(officerScope(user), { district: 'r.district_id' }));
}

/** Before a signature is verified: the refusal is of the caller's districts, else 404. */
export async function requireOfficerRefusal(context: CommandContext, id: string): Promise<void> {
  await found(refusalInScope(context.db, context.user, id).select('r.id').executeTakeFirst());
}

async function lockPendingRefusal(trx: Trx, user: SignedInUser, id: string) {
  const row = await refusalInScope(trx, user, id)
    .select([
      'r.id',
      'r.status',
      'r.reason',
      'd.id as direction_id',
      'd.number as direction_number',
      'd.place_batch_id',
      'd.extended_until',
      'a.id as application_id',
      'a.number as application_number',
      'a.status as application_status',
      'a.region_id',
      ...APPLICANT_CONTACT,
      'k.name_kk',
      'k.name_ru',
      fullNameOf('child').as('child_name'),
    ])
    .forUpdate(['r', 'd', 'a'])
    .executeTakeFirst();
  if (!row) throw notFound();
  if (row.status !== 'pending')
    throw conflict('refusal_decided', 'The refusal has already been decided');
  return row;
}

/**
 * The officer's decision on a refusal (docs/rules.md, "Refusals reviewed by the department"),
 * signed `refusal.decide`. Confirmed: the direction is refused, the application `refused` (one
 * already `removed` by a private choice stays so), the queue place is not restored and the
 * kindergarten's place goes back, as for any direction that ends unused: to the next child in
 * line or to free choice (returnPlaces). Rejected: the direction is issued again with a new
 * enrolment deadline counted in working days from the decision, and the kindergarten must accept.
 */
export async function decideRefusal(
  context: CommandContext,
  id: string,
  signed: SignedAction<DecisionFields>,
): Promise<void> {
  if (signed.fields.refusalId !== id)
    throw new Problem(400, 'action_mismatch', 'The signature is for another refusal');
  const { db, clock, user } = context;
  const now = clock.now();
  const calendar = await loadWorkCalendar(db);
  const comment = signed.fields.comment || null;
  await db.transaction().execute(async (trx) => {
    const refusal = await lockPendingRefusal(trx, user, id);
    const decided = { decided_by: user.id, decided_at: now, comment };
    const params = (language: Language) => ({
      applicationNumber: refusal.application_number,
      directionNumber: refusal.direction_number,
      childName: refusal.child_name,
      kindergarten: kindergartenNameIn(refusal, language),
    });
    const before = { direction: refusal.direction_number, directionStatus: 'refusal_pending' };
    if (signed.fields.confirm) {
      const after = refusal.application_status === 'removed' ? 'removed' : 'refused';
      await trx
        .updateTable('refusals')
        .set({ status: 'confirmed', ...decided })
        .where('id', '=', id)
        .execute();
      await moveDirections(trx, 'confirmRefusal', [refusal.direction_id], 'refused');
      const [placeTo] = await returnPlaces(
        trx,
        [{ batchId: refusal.place_batch_id, direction: refusal.direction_number }],
        `user:${user.id}`,
        now,
      );
      await moveApplications(trx, 'confirmRefusal', [refusal.application_id], after, now);
      await appendHistory(trx, {
        at: now,
        actor: `user:${user.id}`,
        event: 'application.refusal_confirmed',
        subjectType: 'application',
        subjectId: refusal.application_id,
        before: { ...before, status: refusal.application_status },
        after: {
          status: after,
          direction: refusal.direction_number,
          directionStatus: 'refused',
          refusal: id,
          reason: refusal.reason,
          ...(comment && { comment }),
          placeTo,
        },
        evidence: signed.evidence,
      });
      await notifyApplicant(
        trx,
        refusal,
        (language) => refusalConfirmed({ ...params(language), reason: refusal.reason }, language),
        now,
      );
      return;
    }
    const policy = (await loadPolicy(trx, refusal.region_id))!;
    const deadline = workingDaysDeadline(now, policy.enrolWorkingDays, calendar);
    await trx
      .updateTable('refusals')
      .set({ status: 'rejected', ...decided })
      .where('id', '=', id)
      .execute();
    // The deadline in force is the extension when there is one; the "extended once" mark stays.
    await moveDirections(
      trx,
      'rejectRefusal',
      [refusal.direction_id],
      'issued',
      refusal.extended_until ? { extended_until: deadline } : { expires_at: deadline },
    );
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.refusal_rejected',
      subjectType: 'application',
      subjectId: refusal.application_id,
      before,
      after: {
        direction: refusal.direction_number,
        directionStatus: 'issued',
        refusal: id,
        comment,
        validUntil: deadline.toISOString(),
      },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      refusal,
      (language) =>
        refusalRejected({ ...params(language), until: formatAlmatyInstant(deadline) }, language),
      now,
    );
  });
}
