import { randomBytes } from 'node:crypto';
import { visibleTo } from '../applications/view.ts';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { chooseDirectionFieldsSchema } from '@kezek/contracts';
import {
  directionNumber,
  hasReachedAge,
  localDateOf,
  placeRefusal,
  unheldPlaces,
  workingDaysDeadline,
  type ApplicationStatus,
  type BatchState,
  type KindergartenType,
  type PlaceRefusal,
} from '@kezek/domain';
import { signedInUser } from '../auth/guard.ts';
import { loadPolicy } from '../admin/policy.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import type { SignedAction } from '../eds/signed-action.ts';
import { appendHistory } from '../history/history.ts';
import { Problem, conflict, notFound, unprocessable } from '../http/problem.ts';
import { heldForTurns } from '../places/held.ts';
import { issueDirectionPapers } from './papers.ts';

type ChooseFields = z.infer<typeof chooseDirectionFieldsSchema>;

/** Letters and digits that cannot be misread from paper (no 0/O, 1/I). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const verifyCode = () =>
  [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

export const placeTaken = () => conflict('place_taken', 'The place has just been taken');

export const PLACE_REFUSALS: Record<PlaceRefusal, () => Problem> = {
  stop_listed: () => conflict('stop_listed', 'The application is on the stop-list'),
  action_not_allowed: () => conflict('action_not_allowed', 'No direction can be taken now'),
  not_your_turn: () =>
    conflict('not_your_turn', 'These places are offered to the children whose turn it is'),
  child_too_young: () =>
    unprocessable('child_too_young', 'Private kindergartens take children from the policy’s age'),
};

/** A direction issued, and the free places its take left in the batch (for the batch's line). */
export interface ChosenPlace {
  directionId: string;
  freeLeft: number;
}

/**
 * Issues a direction for a signed `direction.choose`. The place is taken by one conditional update
 * (`free = free - 1 where free > 0`) in the same transaction that writes the direction, so no place
 * is given twice however many parents press the button in the same second.
 */
export async function chooseDirection(
  request: FastifyRequest,
  applicationId: string,
  signed: SignedAction<ChooseFields>,
): Promise<ChosenPlace> {
  if (signed.fields.applicationId !== applicationId)
    throw new Problem(400, 'action_mismatch', 'The signature is for another application');
  const { db, clock } = request.server;
  const user = signedInUser(request);
  const now = clock.now();
  const calendar = await loadWorkCalendar(db);
  return db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications as a')
      .selectAll('a')
      .where('a.id', '=', applicationId)
      .where(visibleTo(user.id))
      .forUpdate()
      .executeTakeFirst();
    if (!application) throw notFound();
    const batch = await trx
      .selectFrom('place_batches as b')
      .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
      .innerJoin('persons as child', (join) => join.on('child.iin', '=', application.child_iin))
      .select([
        'b.id',
        'b.state',
        'b.free',
        'b.district_id',
        'b.group_year',
        'b.language',
        'b.kindergarten_id',
        'k.type',
        'child.birth_date',
        heldForTurns('b').as('held_for_turns'),
      ])
      .where('b.id', '=', signed.fields.placeId)
      .executeTakeFirst();
    if (
      !batch ||
      batch.district_id !== application.district_id ||
      batch.group_year !== application.group_year
    ) {
      throw notFound();
    }
    const policy = (await loadPolicy(trx, application.region_id))!;
    const refusal = placeRefusal(
      { status: application.status as ApplicationStatus, turnBatchId: application.turn_batch_id },
      {
        id: batch.id,
        state: batch.state as BatchState,
        kindergartenType: batch.type as KindergartenType,
        free: batch.free,
        heldForTurns: batch.held_for_turns,
      },
      hasReachedAge(batch.birth_date, localDateOf(now), policy.privateMinAgeYears),
    );
    if (refusal) throw PLACE_REFUSALS[refusal]();
    const toPrivate = batch.type === 'private';
    const serial = Number(
      (await sql<{ v: string }>`select nextval('direction_serial') as v`.execute(trx)).rows[0]!.v,
    );
    const direction = await trx
      .insertInto('directions')
      .values({
        number: directionNumber(Number(localDateOf(now).slice(0, 4)), serial),
        verify_code: verifyCode(),
        application_id: application.id,
        place_batch_id: batch.id,
        kindergarten_id: batch.kindergarten_id,
        group_year: batch.group_year,
        language: batch.language,
        status: 'issued',
        issued_at: now,
        expires_at: workingDaysDeadline(now, policy.enrolWorkingDays, calendar),
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    // A private kindergarten under the state order takes the child out of the queue for good (seed 000).
    const status = toPrivate ? 'removed' : 'direction_issued';
    await trx
      .updateTable('applications')
      .set({
        status,
        turn_until: null,
        turn_batch_id: null,
        last_changed_at: now,
      })
      .where('id', '=', application.id)
      .execute();
    await issueDirectionPapers(
      trx,
      request.server.config.KEZEK_PUBLIC_URL,
      direction.id,
      policy,
      now,
    );
    // The place is taken last: its row stays locked from here to the commit, and every other
    // parent choosing it waits for that; a failed take rolls back the direction written above.
    const taken = await trx
      .updateTable('place_batches')
      .set({ free: sql<number>`free - 1` })
      .where('id', '=', batch.id)
      .where('free', '>', 0)
      .returning('free')
      .executeTakeFirst();
    if (!taken) throw placeTaken();
    // A child without this batch's turn must leave a place for every turn still running on it
    // (private places have no turns). Counted after the take, in a statement of its own: the row
    // is locked now, so the count sees every turn given before this take (a place given back and
    // its turn commit together), which the take's own snapshot may not.
    if (!toPrivate && application.turn_batch_id !== batch.id) {
      const { held } = await trx
        .selectFrom('place_batches as b')
        .select(heldForTurns('b').as('held'))
        .where('b.id', '=', batch.id)
        .executeTakeFirstOrThrow();
      if (unheldPlaces({ free: taken.free, heldForTurns: held }) < 0) {
        throw PLACE_REFUSALS.not_your_turn();
      }
    }
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: toPrivate ? 'application.private_direction_issued' : 'application.direction_issued',
      subjectType: 'application',
      subjectId: application.id,
      before: { status: application.status },
      after: {
        status,
        direction: direction.number,
        placeBatch: batch.id,
        mode: toPrivate ? 'private' : batch.state,
        ...(toPrivate ? { reason: 'private_choice' } : {}),
      },
      evidence: signed.evidence,
    });
    return { directionId: direction.id, freeLeft: taken.free };
  });
}
