import type { z } from 'zod';
import type { extendDirectionFieldsSchema, revokeDirectionFieldsSchema } from '@kezek/contracts';
import { revokeOpen } from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { Problem, conflict, found, notFound, unprocessable } from '../problem.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import { directionExtended, directionRevoked } from '../notify/direction-messages.ts';
import { APPLICANT_CONTACT, notifyApplicant } from '../notify/applicant.ts';
import { fullNameOf } from '../db/names.ts';
import { returnPlaces } from '../places/return.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { directionsWithChild } from './queries.ts';
import { moveDirections } from '../lifecycle/directions.ts';
import type { CommandContext } from '../context.ts';
import { visibleTo } from '../auth/scope.ts';

const DAY_MS = 86_400_000;

/** The directions of the caller's applications (the applicant's or an attached parent's). */
function ownDirection(db: Db, userId: number, directionId: string) {
  return directionsWithChild(db).where('d.id', '=', directionId).where(visibleTo(userId));
}

/** Before a signature is verified: the direction is the caller's, else it does not exist (404). */
export async function requireOwnDirection(
  context: CommandContext,
  directionId: string,
): Promise<void> {
  await found(
    ownDirection(context.db, context.user.id, directionId).select('d.id').executeTakeFirst(),
  );
}

/**
 * The caller's live direction and its application, locked: only the applicant or an attached
 * parent reaches it. The application is locked first too, before anything the action writes:
 * another action on it waits here, not on a lock this transaction takes later.
 */
async function lockOwnDirection(trx: Trx, userId: number, directionId: string) {
  const row = await ownDirection(trx, userId, directionId)
    .select([
      'd.id',
      'd.number',
      'd.status',
      'd.issued_at',
      'd.expires_at',
      'd.extended_until',
      'd.place_batch_id',
      'k.type',
      'a.id as application_id',
      'a.number as application_number',
      'a.status as application_status',
      'a.region_id',
      ...APPLICANT_CONTACT,
      fullNameOf('child').as('child_name'),
    ])
    .forUpdate(['d', 'a'])
    .executeTakeFirst();
  if (!row) throw notFound();
  if (row.status !== 'issued') throw conflict('action_not_allowed', 'The direction is not live');
  return row;
}

function requireSameDirection(signedId: string, pathId: string) {
  if (signedId !== pathId)
    throw new Problem(400, 'action_mismatch', 'The signature is for another direction');
}

/** Once, up to the policy's days, counted from the current deadline. */
export async function extendDirection(
  context: CommandContext,
  id: string,
  signed: SignedAction<z.infer<typeof extendDirectionFieldsSchema>>,
) {
  requireSameDirection(signed.fields.directionId, id);
  const { db, clock, user } = context;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const direction = await lockOwnDirection(trx, user.id, id);
    const policy = (await loadPolicy(trx, direction.region_id))!;
    if (direction.extended_until)
      throw conflict('already_extended', 'A direction can be extended once');
    if (signed.fields.days > policy.extensionMaxDays)
      throw unprocessable('extension_too_long', `At most ${policy.extensionMaxDays} days`);
    const extendedUntil = new Date(direction.expires_at.getTime() + signed.fields.days * DAY_MS);
    await trx
      .updateTable('directions')
      .set({ extended_until: extendedUntil })
      .where('id', '=', id)
      .execute();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.direction_extended',
      subjectType: 'application',
      subjectId: direction.application_id,
      before: { direction: direction.number, validUntil: direction.expires_at.toISOString() },
      after: {
        direction: direction.number,
        validUntil: extendedUntil.toISOString(),
        days: signed.fields.days,
      },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      direction,
      (language) =>
        directionExtended(
          {
            directionNumber: direction.number,
            childName: direction.child_name,
            until: formatAlmatyInstant(extendedUntil),
          },
          language,
        ),
      now,
    );
  });
}

/**
 * Within the policy's hours of issue (docs/rules.md, "Choice and directions"), to a private
 * kindergarten too: the child is queued at its old place, and the place goes back to its batch and on to the next child in line or to
 * free choice (returnPlaces).
 */
export async function revokeDirection(
  context: CommandContext,
  id: string,
  signed: SignedAction<z.infer<typeof revokeDirectionFieldsSchema>>,
) {
  requireSameDirection(signed.fields.directionId, id);
  const { db, clock, user } = context;
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const direction = await lockOwnDirection(trx, user.id, id);
    const policy = (await loadPolicy(trx, direction.region_id))!;
    if (
      !revokeOpen(
        { status: direction.status, issuedAt: direction.issued_at },
        now,
        policy.revokeHours,
      )
    ) {
      throw conflict(
        'revoke_window_closed',
        `A direction can be revoked within ${policy.revokeHours} hours of issue`,
      );
    }
    await moveDirections(trx, 'revoke', [id], 'revoked');
    // The place goes back while the child still holds its direction: it is not offered to the
    // child who has just given it back.
    const [placeTo] = await returnPlaces(
      trx,
      [{ batchId: direction.place_batch_id, direction: direction.number }],
      `user:${user.id}`,
      now,
    );
    await moveApplications(trx, 'revoke', [direction.application_id], 'queued', now);
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.direction_revoked',
      subjectType: 'application',
      subjectId: direction.application_id,
      before: { status: direction.application_status, direction: direction.number },
      after: { status: 'queued', reason: signed.fields.reason, placeTo },
      evidence: signed.evidence,
    });
    await notifyApplicant(
      trx,
      direction,
      (language) =>
        directionRevoked(
          {
            applicationNumber: direction.application_number,
            directionNumber: direction.number,
            childName: direction.child_name,
          },
          language,
        ),
      now,
    );
  });
}
