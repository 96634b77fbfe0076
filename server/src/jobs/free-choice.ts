import { sql } from 'kysely';
import { freeChoiceGrantOrder, type PriorityRatio } from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import { QUEUE_NUMBER_COLUMNS, numbersOfRow, queueNumbersOfRow } from '../applications/queue.ts';
import type { Db, Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { takeChosenPlaces, type Choice } from '../directions/choose.ts';
import { appendHistoryRows } from '../history/history.ts';
import { APPLICANT_CONTACT, applicantNotification } from '../notify/applicant.ts';
import { freeChoiceNotGranted } from '../notify/free-choice-messages.ts';
import { enqueueNotifications } from '../notify/outbox.ts';
import type { Problem } from '../problem.ts';

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
    .where('application_id', '=', sql<string>`any(${applicationIds}::bigint[])`)
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
    .where('a.id', '=', sql<string>`any(${requests.map((r) => r.application_id)}::bigint[])`)
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
    .where('id', '=', sql<string>`any(${notGranted.map((r) => r.id)}::bigint[])`)
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
    .where('a.id', '=', sql<string>`any(${notGranted.map((r) => r.application_id)}::bigint[])`)
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
