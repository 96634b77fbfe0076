import type { z } from 'zod';
import type {
  attachFieldsSchema,
  changeBenefitFieldsSchema,
  withdrawFieldsSchema,
} from '@kezek/contracts';
import {
  interestDeadline,
  applicationActions,
  endOfLocalDay,
  localDateOf,
  type ApplicationAction,
} from '@kezek/domain';
import type { CommandContext } from '../context.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { Problem, conflict, found, notFound, unprocessable } from '../problem.ts';
import { loadPolicy } from '../admin/policy.ts';
import { localPersonRegistry } from '../registry/registry.ts';
import { checkedBenefit } from './register.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { visibleTo } from '../auth/scope.ts';

const notNow = () =>
  conflict('action_not_allowed', 'This action is not possible in the application’s current status');

/** The caller's application: only the applicant or an attached parent reaches it. */
function ownApplication(db: Db, userId: number, id: string) {
  return db.selectFrom('applications as a').where('a.id', '=', id).where(visibleTo(userId));
}

/** Before a signature is verified: the application is the caller's, else it does not exist (404). */
export async function requireVisibleApplication(
  { db, user }: CommandContext,
  id: string,
): Promise<void> {
  await found(ownApplication(db, user.id, id).select('a.id').executeTakeFirst());
}

/**
 * Locks the caller's application for a change and checks the action is open in its status.
 * Only the applicant or an attached parent reaches it: for anyone else it does not exist.
 */
async function lockForAction(trx: Trx, userId: number, id: string, action: ApplicationAction) {
  const row = await ownApplication(trx, userId, id).selectAll('a').forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  if (!applicationActions(row.status).includes(action)) throw notNow();
  return row;
}

function requireSameApplication(signedId: string, pathId: string) {
  if (signedId !== pathId)
    throw new Problem(400, 'action_mismatch', 'The signature is for another application');
}

export async function confirmInterest(
  { db, clock, user }: CommandContext,
  id: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockForAction(trx, user.id, id, 'confirmInterest');
    const policy = (await loadPolicy(trx, row.region_id))!;
    const now = clock.now();
    const until = endOfLocalDay(
      interestDeadline(localDateOf(row.registered_at), policy.interestMonths, localDateOf(now)),
    );
    await trx
      .updateTable('applications')
      .set({ interest_confirmed_until: until, last_changed_at: now })
      .where('id', '=', id)
      .execute();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.interest_confirmed',
      subjectType: 'application',
      subjectId: id,
      before: { interestConfirmedUntil: row.interest_confirmed_until.toISOString() },
      after: { interestConfirmedUntil: until.toISOString() },
    });
  });
}

type ChangeBenefitFields = z.infer<typeof changeBenefitFieldsSchema> & { applicationId: string };

/** A new or removed benefit moves the child between classes; the registration instant stays. */
export async function changeBenefit(
  { db, clock, user }: CommandContext,
  id: string,
  signed: SignedAction<ChangeBenefitFields>,
): Promise<void> {
  requireSameApplication(signed.fields.applicationId, id);
  await db.transaction().execute(async (trx) => {
    const row = await lockForAction(trx, user.id, id, 'changeBenefit');
    const benefit = await checkedBenefit(trx, user.id, signed.fields.benefit ?? undefined);
    const now = clock.now();
    const after = {
      queue_class: benefit?.category.class ?? 'general',
      benefit_code: benefit?.category.code ?? null,
      benefit_status: benefit ? 'claimed' : null,
    } as const;
    await trx
      .updateTable('applications')
      .set({ ...after, last_changed_at: now })
      .where('id', '=', id)
      .execute();
    if (benefit?.attachmentIds.length) {
      await trx
        .updateTable('documents')
        .set({ application_id: id })
        .where('id', 'in', benefit.attachmentIds)
        .execute();
    }
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.benefit_changed',
      subjectType: 'application',
      subjectId: id,
      before: { queueClass: row.queue_class, benefit: row.benefit_code },
      after: { queueClass: after.queue_class, benefit: after.benefit_code },
      evidence: signed.evidence,
    });
  });
}

type WithdrawFields = z.infer<typeof withdrawFieldsSchema> & { applicationId: string };

export async function withdraw(
  { db, clock, user }: CommandContext,
  id: string,
  signed: SignedAction<WithdrawFields>,
): Promise<void> {
  requireSameApplication(signed.fields.applicationId, id);
  await db.transaction().execute(async (trx) => {
    const row = await lockForAction(trx, user.id, id, 'withdraw');
    const now = clock.now();
    await moveApplications(trx, 'withdraw', [id], 'withdrawn', now, { turn_until: null });
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.withdrawn',
      subjectType: 'application',
      subjectId: id,
      before: { status: row.status },
      after: { status: 'withdrawn', reason: signed.fields.reason ?? null },
      evidence: signed.evidence,
    });
  });
}

/**
 * The other parent attaches the child's active application to their own IIN (docs/rules.md,
 * "Registration and eligibility").
 */
export async function attachToOtherParent(
  { db, clock, user }: CommandContext,
  signed: SignedAction<z.infer<typeof attachFieldsSchema>>,
): Promise<string> {
  const { childIin } = signed.fields;
  if (!(await localPersonRegistry(db).isParentOf(user.iin, childIin))) {
    throw unprocessable('not_a_parent', 'The registry does not list you as a parent of this child');
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('applications')
      .select(['id', 'applicant_user_id'])
      .where('child_iin', '=', childIin)
      .where('status', 'in', ['queued', 'turn', 'direction_issued', 'enrolled', 'stop_listed'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!row) throw new Problem(404, 'not_found', 'The child has no active application');
    if (row.applicant_user_id === user.id) return row.id;
    const now = clock.now();
    const inserted = await trx
      .insertInto('application_parents')
      .values({ application_id: row.id, user_id: user.id, attached_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (inserted) {
      await appendHistory(trx, {
        at: now,
        actor: `user:${user.id}`,
        event: 'application.attached',
        subjectType: 'application',
        subjectId: row.id,
        before: null,
        after: { attachedParent: `user:${user.id}` },
        evidence: signed.evidence,
      });
    }
    return row.id;
  });
}
