import {
  freeChoiceDecisionAt,
  hasReachedAge,
  isBatchedRequest,
  localDateOf,
  placeRefusal,
  unheldPlaces,
} from '@kezek/domain';
import type { FreeChoiceRequest, Language } from '@kezek/contracts';
import { loadPolicy } from '../admin/policy.ts';
import { visibleTo } from '../auth/scope.ts';
import type { CommandContext } from '../context.ts';
import type { Db, Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import { appendHistoryRows } from '../history/history.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { freeChoiceRequested } from '../notify/free-choice-messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { notFound } from '../problem.ts';
import { PLACE_REFUSALS, lockBatch, placeTaken } from './choose.ts';

// Batched free choice (issue 17; docs/rules.md, "Batched free choice"): in a region whose policy
// says `freeChoice: 'batched'`, a signed choice of a free-choice place registers a request; the
// requests of a batch are collected until their round's end and granted then in queue order,
// through the same taking of places as a choice (the deadline job, jobs/free-choice.ts).

/**
 * Whether the signed choice of `placeId` for this application is a batched request: the caller's
 * application, in a batched region, naming a batch of its queue in free choice that is not its
 * own turn's. One statement of primary-key reads; false sends the choice the usual way (which
 * answers 404 for an application the caller cannot see).
 */
export async function isBatchedChoice(
  db: Db,
  userId: number,
  applicationId: string,
  placeId: string,
): Promise<boolean> {
  if (!/^\d{1,18}$/.test(applicationId) || !/^\d{1,18}$/.test(placeId)) return false;
  const row = await db
    .selectFrom('applications as a')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .innerJoin('place_batches as b', (join) =>
      join
        .on('b.id', '=', placeId)
        .onRef('b.district_id', '=', 'a.district_id')
        .onRef('b.group_year', '=', 'a.group_year'),
    )
    .select(['p.free_choice', 'b.id', 'b.state', 'a.turn_batch_id'])
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  return !!row && isBatchedRequest(row.free_choice, row, row.turn_batch_id);
}

/** A round of a batch still collecting requests: its end, and the window it was opened with. */
export interface OpenRound {
  decideAt: Date;
  windowMinutes: number;
}

/** Each batch's round still collecting requests now (its first request opened it). */
export async function openRounds(
  db: Db,
  batchIds: readonly string[],
  now: Date,
): Promise<Map<string, OpenRound>> {
  if (batchIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('free_choice_requests')
    .distinctOn('place_batch_id')
    .select(['place_batch_id', 'decide_at', 'window_minutes'])
    .where('place_batch_id', 'in', batchIds)
    .where('outcome', 'is', null)
    .where('decide_at', '>', now)
    .orderBy('place_batch_id')
    .orderBy('decide_at')
    .orderBy('id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.place_batch_id,
      { decideAt: row.decide_at, windowMinutes: row.window_minutes },
    ]),
  );
}

const requestColumns = (db: Db | Trx) =>
  db
    .selectFrom('free_choice_requests as r')
    .innerJoin('place_batches as b', 'b.id', 'r.place_batch_id')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .leftJoin('directions as d', 'd.id', 'r.direction_id')
    .select([
      'r.id',
      'r.application_id',
      'r.place_batch_id',
      'r.requested_at',
      'r.decide_at',
      'r.window_minutes',
      'r.outcome',
      'r.decided_at',
      'k.id as kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'b.language',
      'd.number as direction_number',
    ]);

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestColumns>['executeTakeFirstOrThrow']>>;

function toRequest(row: RequestRow): FreeChoiceRequest {
  return {
    id: row.id,
    applicationId: row.application_id,
    placeId: row.place_batch_id,
    kindergarten: { id: row.kindergarten_id, name: { kk: row.name_kk, ru: row.name_ru } },
    language: row.language as Language,
    requestedAt: row.requested_at.toISOString(),
    decideAt: row.decide_at.toISOString(),
    windowMinutes: row.window_minutes,
    outcome: row.outcome,
    decidedAt: row.decided_at?.toISOString() ?? null,
    directionNumber: row.direction_number,
  };
}

/** The application's newest request that was not replaced by another, if it is the caller's. */
export async function latestFreeChoiceRequest(
  db: Db,
  userId: number,
  applicationId: string,
): Promise<FreeChoiceRequest | null> {
  const application = await db
    .selectFrom('applications as a')
    .select('a.id')
    .where('a.id', '=', applicationId)
    .where(visibleTo(userId))
    .executeTakeFirst();
  if (!application) throw notFound();
  const row = await requestColumns(db)
    .where('r.application_id', '=', applicationId)
    .where((eb) => eb.or([eb('r.outcome', 'is', null), eb('r.outcome', '<>', 'replaced')]))
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRequest(row) : null;
}

/** A signed choice that is a batched request: the application, the place, the signature. */
export interface FreeChoiceRequestInput {
  applicationId: string;
  placeId: string;
  evidence: string;
}

/**
 * Registers a batched free-choice request, in one transaction: the application (the caller's)
 * and the batch locked, as a choice locks them; the rules of taking checked as they stand now
 * (placeRefusal; a batch with no place left to anyone without a turn is `place_taken`); the
 * request joins its batch's open round, or opens one ending the policy's window from now
 * (freeChoiceDecisionAt); an open request of the application is replaced; the history row keeps
 * the signature and the policy, and the applicant is told when it will be decided.
 */
export async function requestFreeChoice(
  context: CommandContext,
  input: FreeChoiceRequestInput,
): Promise<FreeChoiceRequest> {
  const { db, clock, user } = context;
  const now = clock.now();
  const id = await db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications as a')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .select([
        'a.id',
        'a.number',
        'a.status',
        'a.turn_batch_id',
        'a.district_id',
        'a.group_year',
        'a.region_id',
        'child.birth_date',
        fullNameOf('child').as('child_name'),
        ...APPLICANT_CONTACT,
      ])
      .where('a.id', '=', input.applicationId)
      .where(visibleTo(user.id))
      .forUpdate('a')
      .executeTakeFirst();
    if (!application) throw notFound();
    const batch = await lockBatch(trx, input.placeId);
    if (
      !batch ||
      batch.district_id !== application.district_id ||
      batch.group_year !== application.group_year
    )
      throw notFound();
    const policy = (await loadPolicy(trx, application.region_id))!;
    // The policy or the batch changed since the route looked: the choice is not a request now.
    if (!isBatchedRequest(policy.freeChoice, batch, application.turn_batch_id))
      throw PLACE_REFUSALS.action_not_allowed();
    const offered = {
      id: batch.id,
      state: batch.state,
      kindergartenType: batch.type,
      free: batch.free,
      heldForTurns: batch.held,
    };
    const refusal = placeRefusal(
      { status: application.status, turnBatchId: application.turn_batch_id },
      offered,
      hasReachedAge(application.birth_date, localDateOf(now), policy.privateMinAgeYears),
    );
    if (refusal) throw PLACE_REFUSALS[refusal]();
    if (unheldPlaces(offered) <= 0) throw placeTaken();
    // The open round's end and window, or a new round's from the policy of now.
    const round = (await openRounds(trx, [batch.id], now)).get(batch.id);
    const decideAt = freeChoiceDecisionAt(
      round?.decideAt ?? null,
      now,
      policy.freeChoiceWindowMinutes,
    );
    const windowMinutes = round?.windowMinutes ?? policy.freeChoiceWindowMinutes;
    const replaced = await trx
      .updateTable('free_choice_requests')
      .set({ outcome: 'replaced', decided_at: now })
      .where('application_id', '=', application.id)
      .where('outcome', 'is', null)
      .returning(['id'])
      .execute();
    const { id } = await trx
      .insertInto('free_choice_requests')
      .values({
        application_id: application.id,
        place_batch_id: batch.id,
        user_id: user.id,
        evidence: input.evidence,
        requested_at: now,
        decide_at: decideAt,
        window_minutes: windowMinutes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendHistoryRows(trx, [
      {
        at: now,
        actor: `user:${user.id}`,
        event: 'application.free_choice_requested',
        subjectType: 'application',
        subjectId: application.id,
        before: replaced.length > 0 ? { request: replaced[0]!.id } : null,
        after: {
          request: id,
          placeBatch: batch.id,
          decideAt: decideAt.toISOString(),
          policy: { freeChoice: policy.freeChoice, windowMinutes },
        },
        evidence: input.evidence,
      },
    ]);
    const kindergarten = await trx
      .selectFrom('kindergartens')
      .select(['name_kk', 'name_ru'])
      .where('id', '=', batch.kindergarten_id)
      .executeTakeFirstOrThrow();
    await enqueueNotifications(
      trx,
      [
        applicantNotification(application, (language) =>
          freeChoiceRequested(
            {
              applicationNumber: application.number,
              childName: application.child_name,
              kindergarten: language === 'kk' ? kindergarten.name_kk : kindergarten.name_ru,
              decideAt: formatAlmatyInstant(decideAt),
            },
            language,
          ),
        ),
      ],
      now,
    );
    return id;
  });
  return toRequest(await requestColumns(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}
