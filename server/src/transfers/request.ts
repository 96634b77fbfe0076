import type { z } from 'zod';
import type {
  TransferRequest,
  transferFieldsSchema,
  withdrawTransferFieldsSchema,
} from '@kezek/contracts';
import { transferRefusal } from '@kezek/domain';
import { visibleTo } from '../auth/scope.ts';
import type { CommandContext } from '../context.ts';
import type { Db } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { conflict, notFound, unprocessable } from '../problem.ts';

const CONFLICTS = new Set(['transfer_not_enrolled', 'transfer_already_requested']);

/**
 * The parent of an enrolled child asks for a transfer (docs/rules.md, "Transfers"): up to five
 * kindergartens of the district, best first, not the one the child attends; one open request at
 * a time. Saved with its history row, the signature its evidence.
 */
export async function requestTransfer(
  { db, clock, user }: CommandContext,
  applicationId: string,
  signed: SignedAction<z.infer<typeof transferFieldsSchema>>,
): Promise<void> {
  if (signed.fields.applicationId !== applicationId) throw notFound();
  const now = clock.now();
  const { kindergartenIds } = signed.fields;
  await db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications as a')
      .select(['a.id', 'a.status', 'a.district_id'])
      .where('a.id', '=', applicationId)
      .where(visibleTo(user.id))
      .forUpdate()
      .executeTakeFirst();
    if (!application) throw notFound();
    const enrolment = await trx
      .selectFrom('enrolments')
      .select(['id', 'kindergarten_id'])
      .where('application_id', '=', applicationId)
      .where('departed_on', 'is', null)
      .executeTakeFirst();
    const open = await trx
      .selectFrom('transfer_requests')
      .select('id')
      .where('application_id', '=', applicationId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const district = await trx
      .selectFrom('kindergartens')
      .select('id')
      .where('district_id', '=', application.district_id)
      .where('type', '<>', 'private')
      .execute();
    const refusal = transferRefusal({
      attending: application.status === 'enrolled' && enrolment !== undefined,
      currentKindergartenId: enrolment?.kindergarten_id ?? null,
      openRequest: open !== undefined,
      kindergartenIds,
      offeredByTurn: new Set(district.map((k) => k.id)),
    });
    if (refusal) {
      throw CONFLICTS.has(refusal)
        ? conflict(refusal, 'A transfer cannot be requested now')
        : unprocessable(refusal, 'The kindergartens asked for are refused');
    }
    const request = await trx
      .insertInto('transfer_requests')
      .values({
        application_id: applicationId,
        enrolment_id: enrolment!.id,
        kindergarten_ids: [...kindergartenIds],
        requested_at: now,
        status: 'open',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.transfer_requested',
      subjectType: 'application',
      subjectId: applicationId,
      before: null,
      after: {
        transferRequest: request.id,
        enrolment: enrolment!.id,
        kindergartens: kindergartenIds,
      },
      evidence: signed.evidence,
    });
  });
}

/** The parent withdraws the open transfer request (signed `transfer.withdraw`). */
export async function withdrawTransfer(
  { db, clock, user }: CommandContext,
  applicationId: string,
  signed: SignedAction<z.infer<typeof withdrawTransferFieldsSchema>>,
): Promise<void> {
  if (signed.fields.applicationId !== applicationId) throw notFound();
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications as a')
      .select('a.id')
      .where('a.id', '=', applicationId)
      .where(visibleTo(user.id))
      .forUpdate()
      .executeTakeFirst();
    if (!application) throw notFound();
    const withdrawn = await trx
      .updateTable('transfer_requests')
      .set({ status: 'withdrawn', decided_at: now })
      .where('application_id', '=', applicationId)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!withdrawn) throw conflict('transfer_not_open', 'There is no open transfer request');
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.transfer_withdrawn',
      subjectType: 'application',
      subjectId: applicationId,
      before: { transferRequest: withdrawn.id },
      after: { transferRequest: withdrawn.id, transferStatus: 'withdrawn' },
      evidence: signed.evidence,
    });
  });
}

/** The application's latest transfer request, or null; 404 when the caller may not see it. */
export async function transferRequestFor(
  db: Db,
  userId: number,
  applicationId: string,
): Promise<TransferRequest> {
  const application = await db
    .selectFrom('applications as a')
    .select('a.id')
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!application) throw notFound();
  const row = await db
    .selectFrom('transfer_requests as r')
    .leftJoin('enrolments as e', 'e.id', 'r.granted_enrolment_id')
    .select([
      'r.id',
      'r.status',
      'r.requested_at',
      'r.decided_at',
      'r.kindergarten_ids',
      'e.kindergarten_id as granted_kindergarten_id',
    ])
    .where('r.application_id', '=', applicationId)
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const names = await db
    .selectFrom('kindergartens')
    .select(['id', 'name_kk', 'name_ru'])
    .where('id', 'in', row.kindergarten_ids)
    .execute();
  const byId = new Map(names.map((k) => [k.id, k]));
  return {
    id: row.id,
    status: row.status,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    kindergartens: row.kindergarten_ids.map((id) => ({
      id,
      nameKk: byId.get(id)?.name_kk ?? '',
      nameRu: byId.get(id)?.name_ru ?? '',
    })),
    grantedKindergartenId: row.granted_kindergarten_id ?? null,
  };
}
