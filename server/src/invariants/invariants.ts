import { sql } from 'kysely';
import { LIVE_DIRECTION_STATUSES } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { staleQueueNumbers } from '../applications/numbering.ts';
import { verifyHistoryChain } from '../history/history.ts';
import { MAX_ATTEMPTS } from '../notify/deliver.ts';

/** Every invariant by name, as the check reports it. */
export const INVARIANTS = [
  'place_free_out_of_range',
  'place_overbooked',
  'turns_without_free_place',
  'several_live_directions',
  'child_with_several_live_directions',
  'turn_and_live_direction',
  'turn_without_places',
  'direction_status_without_direction',
  'live_direction_of_other_status',
  'several_active_applications',
  'status_without_history',
  'direction_without_history',
  'places_without_history',
  'direction_without_papers',
  'notification_missing',
  'outbox_failed',
  'outbox_sent_without_time',
  'outbox_attempts_exhausted',
  'free_choice_request_overdue',
  'free_choice_request_without_direction',
  'history_chain_broken',
  'queue_numbers_stale',
] as const;

export interface Violation {
  /** The rule that does not hold, e.g. `place_overbooked`. */
  invariant: (typeof INVARIANTS)[number];
  /** What breaks it: `place_batch:12`, `applications:4,9`, `outbox:77` (ids, never IINs). */
  subject: string;
}

/** Directions that hold a place of their batch (expired and revoked ones gave it back). */
const HOLDING = sql.raw(`('issued', 'refusal_pending', 'enrolled')`);
/** Directions that are still live: at most one per application, and per child. */
const LIVE = sql.raw(`(${LIVE_DIRECTION_STATUSES.map((status) => `'${status}'`).join(', ')})`);
/** The statuses of an application that is in the queue or has a place (one per child and region). */
const ACTIVE = sql.raw(`('queued', 'turn', 'direction_issued', 'enrolled', 'stop_listed')`);
/** History events whose message to the applicant is written in the same transaction. */
const NOTIFYING = sql.raw(
  `('application.registered', 'application.turn_given', 'application.turn_lapsed',
    'application.direction_issued',
    'application.private_direction_issued', 'application.direction_extended',
    'application.direction_revoked', 'application.direction_expired', 'application.stop_listed',
    'application.stop_list_ended', 'application.removed', 'application.enrolled',
    'application.refusal_requested', 'application.refusal_confirmed', 'application.refusal_rejected',
    'application.departed', 'application.free_choice_requested', 'application.transferred',
    'application.free_choice_not_granted')`,
);

/**
 * Every rule of the queue that the data must keep, as one SQL statement: each branch names the
 * rows that break one rule. Empty means the rule holds. The history chain is checked after it.
 */
const rules = sql<Violation>`
  select 'place_free_out_of_range' as invariant, 'place_batch:' || b.id as subject
    from place_batches b where b.free < 0 or b.free > b.total
  union all
  select 'place_overbooked', 'place_batch:' || b.id
    from place_batches b
   where (select count(*) from directions d where d.place_batch_id = b.id and d.status in ${HOLDING})
         > b.total - b.free
  union all
  -- Every running turn holds a free place of its batch until it ends, also a turn given for a
  -- place given back that outlives its batch's window (docs/rules.md).
  select 'turns_without_free_place', 'place_batch:' || b.id
    from place_batches b
   where (select count(*) from applications a where a.turn_batch_id = b.id and a.status = 'turn')
         > b.free
  union all
  select 'several_live_directions', 'application:' || d.application_id
    from directions d where d.status in ${LIVE} group by d.application_id having count(*) > 1
  union all
  select 'child_with_several_live_directions',
         'applications:' || string_agg(distinct a.id::text, ',')
    from directions d join applications a on a.id = d.application_id
   where d.status in ${LIVE} group by a.child_iin having count(*) > 1
  union all
  select 'turn_and_live_direction', 'application:' || a.id
    from applications a
   where a.status = 'turn'
     and exists (select 1 from directions d where d.application_id = a.id and d.status in ${LIVE})
  union all
  select 'turn_without_places', 'application:' || a.id
    from applications a
   where a.status = 'turn' and (a.turn_batch_id is null or a.turn_until is null)
  union all
  select 'direction_status_without_direction', 'application:' || a.id
    from applications a
   where a.status = 'direction_issued'
     and not exists (select 1 from directions d where d.application_id = a.id and d.status in ${LIVE})
  union all
  select 'live_direction_of_other_status', 'direction:' || d.id
    from directions d
    join applications a on a.id = d.application_id
    join kindergartens k on k.id = d.kindergarten_id
   -- A direction to a private kindergarten takes the application out of the queue
   -- (docs/rules.md, "Choice and directions").
   where d.status in ${LIVE}
     and a.status <> case when k.type = 'private' then 'removed' else 'direction_issued' end
  union all
  select 'several_active_applications', 'applications:' || string_agg(a.id::text, ',' order by a.id)
    from applications a where a.status in ${ACTIVE}
   group by a.region_id, a.child_iin having count(*) > 1
  union all
  select 'status_without_history', 'application:' || a.id
    from applications a
   where a.status is distinct from (
     select h.after->>'status' from history h
      where h.subject_type = 'application' and h.subject_id = a.id::text and h.after ? 'status'
      order by h.id desc limit 1)
  union all
  select 'direction_without_history', 'direction:' || d.id
    from directions d
   where not exists (
     select 1 from history h
      where h.subject_type = 'application' and h.subject_id = d.application_id::text
        and h.event in ('application.direction_issued', 'application.private_direction_issued',
                        'application.transferred')
        and h.after->>'direction' = d.number)
  union all
  select 'places_without_history', 'place_batch:' || b.id
    from place_batches b
   where not exists (
     select 1 from history h
      where h.subject_type = 'place_batch' and h.subject_id = b.id::text and h.event = 'places.added')
  union all
  select 'direction_without_papers', 'application:' || a.id
    from applications a
   where (select count(*) from directions d where d.application_id = a.id)
         > least(
           (select count(*) from documents o
             where o.application_id = a.id and o.kind in ('direction', 'private_direction')),
           (select count(*) from documents o where o.application_id = a.id and o.kind = 'child_card'))
  union all
  -- The events and the in-app messages of each applicant and instant, counted apart and joined:
  -- a count of messages for each group of events read every message of the applicant again.
  select 'notification_missing', 'history:' || e.first_id
    from (select a.applicant_user_id as user_id, h.at, count(*) as events, min(h.id) as first_id
            from history h join applications a
              on h.subject_type = 'application' and h.subject_id = a.id::text
           where h.event in ${NOTIFYING}
           group by a.applicant_user_id, h.at) e
    left join (select o.user_id, o.created_at, count(*) as messages from outbox o
                where o.channel = 'inapp' group by o.user_id, o.created_at) m
      on m.user_id = e.user_id and m.created_at = e.at
   where e.events > coalesce(m.messages, 0)
  union all
  -- Batched free choice (docs/rules.md): the job decides every due request of a batch at once,
  -- so a request still open though its round ended before a decision of its batch was missed.
  select 'free_choice_request_overdue', 'free_choice_request:' || r.id
    from free_choice_requests r
   where r.outcome is null
     and r.decide_at <= (select max(o.decided_at) from free_choice_requests o
                          where o.place_batch_id = r.place_batch_id
                            and o.outcome in ('granted', 'not_granted'))
  union all
  -- A granted request became a direction of its own application to its own batch.
  select 'free_choice_request_without_direction', 'free_choice_request:' || r.id
    from free_choice_requests r
   where r.outcome = 'granted'
     and not exists (select 1 from directions d
                      where d.id = r.direction_id and d.application_id = r.application_id
                        and d.place_batch_id = r.place_batch_id)
  union all
  select case when o.status = 'failed' then 'outbox_failed'
              when o.status = 'sent' then 'outbox_sent_without_time'
              else 'outbox_attempts_exhausted' end,
         'outbox:' || o.id
    from outbox o
   where o.status = 'failed'
      or (o.status = 'sent' and o.sent_at is null)
      or (o.status = 'pending' and o.attempts >= ${MAX_ATTEMPTS})`;

/**
 * The invariants of the queue (docs/security.md): places never below zero or above their total,
 * never more directions than places taken, a free place for every running turn, at most one live direction or open turn per
 * application, one active application per child and region, every status change and direction in
 * the history, the history chain intact, every message of every notifying event in the outbox and
 * none lost. Returns what breaks them; an empty list means they hold. Works inside a transaction.
 */
/** The SQL of the check, for the test that every named invariant is in it. */
export const rulesSql = (db: Db): string => rules.compile(db).sql;

export async function checkInvariants(db: Db): Promise<Violation[]> {
  const violations = (await rules.execute(db)).rows.map(({ invariant, subject }) => ({
    invariant,
    subject,
  }));
  const chain = await verifyHistoryChain(db);
  if (!chain.ok)
    violations.push({ invariant: 'history_chain_broken', subject: `history:${chain.brokenAtId}` });
  for (const { applicationIds } of await staleQueueNumbers(db))
    violations.push({
      invariant: 'queue_numbers_stale',
      subject: `applications:${applicationIds.join(',')}`,
    });
  return violations;
}
