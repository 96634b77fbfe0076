import { sql } from 'kysely';
import { freeChoiceGrantOrder, type PriorityRatio } from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import { numbersOfRow, queueNumbersOfRow, type QueueNumbersRow } from '../applications/queue.ts';
import type { Db, Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { takeLockedPlaces, type LockedApplication } from '../directions/choose.ts';
import { appendHistoryRows } from '../history/history.ts';
import { applicantNotification, type ApplicantContact } from '../notify/applicant.ts';
import { freeChoiceNotGranted } from '../notify/free-choice-messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';

// The deadline job of batched free choice (docs/rules.md, "Batched free choice"): the requests
// registered by directions/free-choice.ts are granted at their round's end in queue order.

/** How many due batches one run decides at most, each in a transaction of its own. */
const BATCHES_PER_RUN = 100;

/**
 * The deadline job of batched free choice: every round whose end has come is decided, a batch
 * per transaction. Its requests' applications are locked first (as every writer locks
 * applications before place batches), then the requests still open; each request's place in the
 * queue is read as the journal reads it (the stored number, or the counts while its queue is
 * being renumbered), the domain orders them (freeChoiceGrantOrder), and the places are taken in
 * that order through the choice's own path (takeLockedPlaces: directions, papers, the messages,
 * the history with each request's signature and the policy that decided). The rest are not
 * granted: the child keeps its place, and the applicant is told. The outcomes are written in one
 * statement. Idempotent: a request decided is never decided again. Returns how many requests it
 * decided.
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

/** A round's application, locked, with what deciding the round and telling a refusal need. */
interface RoundApplication extends LockedApplication, QueueNumbersRow, ApplicantContact {
  queue_class: string;
  first_priority_ratio: number[];
  number: string;
  child_name: string;
}

/**
 * The applications of the round's open requests, locked in id order (every writer locks
 * applications before place batches), in one statement with all the round's reads of them: what
 * taking places reads, the place in the queue as the journal reads it (the stored number, or the
 * counts while its queue is being renumbered), and the applicant's contacts and child's name.
 */
async function lockRoundApplications(trx: Trx, applicationIds: readonly string[]) {
  const rows = await sql<RoundApplication>`
    select a.id, a.status, a.turn_batch_id, a.district_id, a.group_year, a.region_id,
      child.birth_date, a.queue_class, p.first_priority_ratio, qn.queue_number,
      qn.benefit_queue_number, qn.before, qn.out_of_turn, qn.other, a.number,
      ${fullNameOf('child')} as child_name, a.language, a.email, a.phone, a.applicant_user_id
    from unnest(${applicationIds}::bigint[]) as r(id)
    join applications a on a.id = r.id
    join persons child on child.iin = a.child_iin
    join region_policies p on p.region_id = a.region_id
    left join lateral ${queueNumbersOfRow} as qn on true
    order by a.id
    for update of a`.execute(trx);
  return new Map(rows.rows.map((row) => [row.id, row]));
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
  if (candidates.length === 0) return 0;
  const applications = await lockRoundApplications(
    trx,
    candidates.map((row) => row.application_id),
  );
  const requests = await trx
    .selectFrom('free_choice_requests')
    .select(['id', 'application_id', 'user_id', 'evidence', 'requested_at', 'window_minutes'])
    .where('place_batch_id', '=', batchId)
    .where('outcome', 'is', null)
    .where('decide_at', '<=', now)
    .where('application_id', '=', sql<string>`any(${[...applications.keys()]}::bigint[])`)
    .forUpdate()
    .execute();
  if (requests.length === 0) return 0;
  const ordered = freeChoiceGrantOrder(
    requests.map((request) => {
      const application = applications.get(request.application_id)!;
      return {
        ...request,
        applicationId: request.application_id,
        queueNumber: numbersOfRow(
          application.queue_class,
          application,
          application.first_priority_ratio as unknown as PriorityRatio,
        ).queueNumber,
      };
    }),
  );
  const policy = (await loadPolicy(trx, applications.get(ordered[0]!.application_id)!.region_id))!;
  // A request's right to its application was checked when it was registered (visibleTo, under
  // the application's lock): the round does not ask again for each of thousands.
  const { results } = await takeLockedPlaces(
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
    ordered.map((request) => ({
      applicationId: request.application_id,
      userId: request.user_id,
      signed: { evidence: request.evidence },
    })),
    new Map(ordered.map((request, i) => [i, applications.get(request.application_id)!])),
  );
  const outcomes = ordered.map((request, i) => ({ request, result: results[i]! }));
  await sql`update free_choice_requests r set outcome = o.outcome, decided_at = ${now},
      direction_id = o.direction_id
    from unnest(${outcomes.map((o) => o.request.id)}::bigint[],
        ${outcomes.map((o) => ('directionId' in o.result ? 'granted' : 'not_granted'))}::text[],
        ${outcomes.map((o) => ('directionId' in o.result ? o.result.directionId : null))}::bigint[])
      as o(id, outcome, direction_id)
    where r.id = o.id`.execute(trx);
  const refused = outcomes.flatMap(({ request, result }) =>
    'refusal' in result ? [{ ...request, reason: result.refusal.code }] : [],
  );
  if (refused.length > 0) await tellRefused(trx, batchId, refused, applications, now, policy);
  return ordered.length;
}

/** The requests not granted: a history row each, and the applicant told. */
async function tellRefused(
  trx: Trx,
  batchId: string,
  refused: readonly {
    id: string;
    application_id: string;
    window_minutes: number;
    reason: string;
  }[],
  applications: ReadonlyMap<string, RoundApplication>,
  now: Date,
  policy: { freeChoice: string },
): Promise<void> {
  await appendHistoryRows(
    trx,
    refused.map((request) => ({
      at: now,
      actor: 'system',
      event: 'application.free_choice_not_granted',
      subjectType: 'application',
      subjectId: request.application_id,
      before: { request: request.id },
      after: {
        request: request.id,
        placeBatch: batchId,
        reason: request.reason,
        policy: { freeChoice: policy.freeChoice, windowMinutes: request.window_minutes },
      },
    })),
  );
  const kindergarten = await trx
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select(['k.name_kk', 'k.name_ru'])
    .where('b.id', '=', batchId)
    .executeTakeFirstOrThrow();
  await enqueueNotifications(
    trx,
    refused.map((request) => {
      const application = applications.get(request.application_id)!;
      return applicantNotification(application, (language) =>
        freeChoiceNotGranted(
          {
            applicationNumber: application.number,
            childName: application.child_name,
            kindergarten: language === 'kk' ? kindergarten.name_kk : kindergarten.name_ru,
          },
          language,
        ),
      );
    }),
    now,
  );
}
