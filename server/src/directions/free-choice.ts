import { sql } from 'kysely';
import {
  freeChoiceDecisionAt,
  freeChoiceGrantOrder,
  hasReachedAge,
  isBatchedRequest,
  localDateOf,
  placeRefusal,
  unheldPlaces,
  type PriorityRatio,
} from '@kezek/domain';
import type { FreeChoiceRequest, Language } from '@kezek/contracts';
import { loadPolicy } from '../admin/policy.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import { QUEUE_NUMBER_COLUMNS, numbersOfRow, queueNumbersOfRow } from '../applications/queue.ts';
import { visibleTo } from '../auth/scope.ts';
import type { CommandContext } from '../context.ts';
import type { Db, Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { formatAlmatyInstant } from '../documents/format.ts';
import { appendHistoryRows } from '../history/history.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { freeChoiceNotGranted, freeChoiceRequested } from '../notify/free-choice-messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import { notFound, type Problem } from '../problem.ts';
import { PLACE_REFUSALS, lockBatch, placeTaken, takeChosenPlaces, type Choice } from './choose.ts';

// Batched free choice (issue 17; docs/rules.md, "Batched free choice"): in a region whose policy
// says `freeChoice: 'batched'`, a signed choice of a free-choice place registers a request; the
// requests of a batch are collected until their round's end and granted then in queue order,
// through the same taking of places as a choice (takeChosenPlaces).

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

/** How many due batches one run decides at most, each in a transaction of its own. */
const BATCHES_PER_RUN = 100;

/**
 * The deadline job of batched free choice: every round whose end has come is decided, a batch
 * per transaction. Its requests' applications are locked first (as every writer locks
 * applications before place batches), then the requests still open; each request's place in the
 * queue is read as the journal reads it (the stored number, or the counts while its queue is
 * being renumbered), the domain orders them (freeChoiceGrantOrder), and the places are taken in
 * that order through the choice's own path (takeChosenPlaces: directions, papers, the messages,
 * the history with each request's signature and the policy that decided). The rest are not
 * granted: the child keeps its place, and the applicant is told. Idempotent: a request decided is
 * never decided again. Returns how many requests it decided.
 */
export async function decideFreeChoiceRounds(
  db: Db,
  now: Date,
  publicUrl: string,
): Promise<number> {
  const due = await db
    .selectFrom('free_choice_requests')
    .select('place_batch_id')
    .distinct()
    .where('outcome', 'is', null)
    .where('decide_at', '<=', now)
    .orderBy('place_batch_id')
    .limit(BATCHES_PER_RUN)
    .execute();
  if (due.length === 0) return 0;
  const calendar = await loadWorkCalendar(db);
  let decided = 0;
  for (const { place_batch_id: batchId } of due) {
    decided += await db
      .transaction()
      .execute((trx) => decideRound(trx, batchId, now, publicUrl, calendar));
  }
  return decided;
}

async function decideRound(
  trx: Trx,
  batchId: string,
  now: Date,
  publicUrl: string,
  calendar: Awaited<ReturnType<typeof loadWorkCalendar>>,
): Promise<number> {
  const candidates = await trx
    .selectFrom('free_choice_requests')
    .select('application_id')
    .where('place_batch_id', '=', batchId)
    .where('outcome', 'is', null)
    .where('decide_at', '<=', now)
    .execute();
  const applicationIds = candidates.map((row) => row.application_id);
  if (applicationIds.length === 0) return 0;
  await sql`select 1 from applications where id = any(${applicationIds}::bigint[])
    order by id for update`.execute(trx);
  const requests = await trx
    .selectFrom('free_choice_requests')
    .select(['id', 'application_id', 'user_id', 'evidence', 'requested_at', 'window_minutes'])
    .where('place_batch_id', '=', batchId)
    .where('outcome', 'is', null)
    .where('decide_at', '<=', now)
    .where('application_id', 'in', applicationIds)
    .forUpdate()
    .execute();
  if (requests.length === 0) return 0;
  const places = await trx
    .selectFrom('applications as a')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .leftJoinLateral(queueNumbersOfRow.as('qn'), (join) => join.onTrue())
    .select([
      'a.id',
      'a.queue_class',
      'a.region_id',
      'p.first_priority_ratio',
      ...QUEUE_NUMBER_COLUMNS,
    ])
    .where(
      'a.id',
      'in',
      requests.map((r) => r.application_id),
    )
    .execute();
  const queueNumberOf = new Map(
    places.map((row) => [
      row.id,
      numbersOfRow(row.queue_class, row, row.first_priority_ratio as unknown as PriorityRatio)
        .queueNumber,
    ]),
  );
  const ordered = freeChoiceGrantOrder(
    requests.map((request) => ({
      ...request,
      applicationId: request.application_id,
      queueNumber: queueNumberOf.get(request.application_id) ?? null,
    })),
  );
  const policy = (await loadPolicy(trx, places[0]!.region_id))!;
  const choices: Choice[] = ordered.map((request) => ({
    applicationId: request.application_id,
    userId: request.user_id,
    signed: { evidence: request.evidence },
  }));
  const { results } = await takeChosenPlaces(
    trx,
    {
      now,
      publicUrl,
      calendar,
      decidedBy: {
        freeChoice: policy.freeChoice,
        windowMinutes: ordered[0]!.window_minutes,
        requestedAt: ordered.map((request) => request.requested_at),
      },
    },
    batchId,
    choices,
  );
  const granted = ordered.flatMap((request, i) => {
    const result = results[i]!;
    return 'directionId' in result ? [{ id: request.id, directionId: result.directionId }] : [];
  });
  const notGranted = ordered.filter((_, i) => !('directionId' in results[i]!));
  if (granted.length > 0)
    await sql`update free_choice_requests r set outcome = 'granted', decided_at = ${now},
        direction_id = g.direction_id
      from unnest(${granted.map((g) => g.id)}::bigint[], ${granted.map((g) => g.directionId)}::bigint[])
        as g(id, direction_id)
      where r.id = g.id`.execute(trx);
  if (notGranted.length > 0)
    await refuseRequests(trx, batchId, notGranted, results, ordered, now, policy);
  return ordered.length;
}

/** The requests not granted: their outcome, a history row each, and the applicant told. */
async function refuseRequests(
  trx: Trx,
  batchId: string,
  notGranted: readonly { id: string; application_id: string; window_minutes: number }[],
  results: readonly ({ directionId: string } | { refusal: Problem })[],
  ordered: readonly { id: string }[],
  now: Date,
  policy: { freeChoice: string },
): Promise<void> {
  await trx
    .updateTable('free_choice_requests')
    .set({ outcome: 'not_granted', decided_at: now })
    .where(
      'id',
      'in',
      notGranted.map((r) => r.id),
    )
    .execute();
  const reasonOf = new Map(
    ordered.map((request, i) => {
      const result = results[i]!;
      return [request.id, 'refusal' in result ? result.refusal.code : 'granted'];
    }),
  );
  const rows = await trx
    .selectFrom('applications as a')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .innerJoin('place_batches as b', (join) => join.on('b.id', '=', batchId))
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select([
      'a.id',
      'a.number',
      'k.name_kk',
      'k.name_ru',
      fullNameOf('child').as('child_name'),
      ...APPLICANT_CONTACT,
    ])
    .where(
      'a.id',
      'in',
      notGranted.map((r) => r.application_id),
    )
    .execute();
  const rowOf = new Map(rows.map((row) => [row.id, row]));
  await appendHistoryRows(
    trx,
    notGranted.map((request) => ({
      at: now,
      actor: 'system',
      event: 'application.free_choice_not_granted',
      subjectType: 'application',
      subjectId: request.application_id,
      before: { request: request.id },
      after: {
        request: request.id,
        placeBatch: batchId,
        reason: reasonOf.get(request.id)!,
        policy: { freeChoice: policy.freeChoice, windowMinutes: request.window_minutes },
      },
    })),
  );
  await enqueueNotifications(
    trx,
    notGranted.map((request) => {
      const row = rowOf.get(request.application_id)!;
      return applicantNotification(row, (language) =>
        freeChoiceNotGranted(
          {
            applicationNumber: row.number,
            childName: row.child_name,
            kindergarten: language === 'kk' ? row.name_kk : row.name_ru,
          },
          language,
        ),
      );
    }),
    now,
  );
}
