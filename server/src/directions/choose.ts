import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { chooseDirectionFieldsSchema } from '@kezek/contracts';
import {
  directionNumber,
  hasReachedAge,
  localDateOf,
  takePlaces,
  workingDaysDeadline,
  type ChoiceOutcome,
  type ApplicationStatus,
  type PlaceRefusal,
  type FreeChoiceMode,
  type WorkCalendar,
} from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import { loadWorkCalendar } from '../admin/calendar.ts';
import type { SignedAction } from '../http/signed-action.ts';
import type { Db, Trx } from '../db/connection.ts';
import { appendHistoryRows } from '../history/history.ts';
import type { Problem } from '../problem.ts';
import { conflict, notFound, unprocessable } from '../problem.ts';
import { heldForTurns } from '../places/held.ts';
import { issueDirectionPapers } from './papers.ts';
import { moveApplications } from '../lifecycle/applications.ts';
import { visibleTo } from '../auth/scope.ts';

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

/** One signed choice of a place, as the gate verified it. */
export interface Choice {
  applicationId: string;
  userId: number;
  /** The signed choice; its CMS is the evidence kept with the history row. */
  signed: Pick<SignedAction<ChooseFields>, 'evidence'>;
}

/** A choice's direction, or why it got none. */
export type ChoiceResult = { directionId: string } | { refusal: Problem };

export interface ChoiceContext {
  db: Db;
  now: Date;
  publicUrl: string;
}

const REFUSAL_OF: Record<Exclude<ChoiceOutcome, 'taken'>, () => Problem> = {
  ...PLACE_REFUSALS,
  place_taken: placeTaken,
};

/** A choice's application as taking places reads it, locked. */
export interface LockedApplication {
  id: string;
  status: string;
  turn_batch_id: string | null;
  district_id: number;
  group_year: number;
  region_id: number;
  birth_date: string;
}

/**
 * The choices' applications, each only if it is the chooser's (visibleTo), locked in id order:
 * every writer locks applications before place batches. By the choice's index.
 */
async function lockApplications(
  trx: Trx,
  choices: readonly Choice[],
): Promise<Map<number, LockedApplication>> {
  const ids = choices.map((choice) => choice.applicationId);
  const users = choices.map((choice) => choice.userId);
  const rows = await sql<LockedApplication & { choice: number }>`
    select c.n::int - 1 as choice, a.id, a.status, a.turn_batch_id, a.district_id, a.group_year,
      a.region_id, child.birth_date
    from unnest(${ids}::bigint[], ${users}::int[]) with ordinality as c(id, user_id, n)
    join applications a on a.id = c.id and ${visibleTo(sql.ref('c.user_id'))}
    join persons child on child.iin = a.child_iin
    order by a.id
    for update of a`.execute(trx);
  return new Map(rows.rows.map((row) => [row.choice, row]));
}

/** The batch, locked; then, in a statement of its own, the places held for its running turns. */
export async function lockBatch(trx: Trx, batchId: string) {
  const batch = await trx
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select([
      'b.id',
      'b.state',
      'b.free',
      'b.district_id',
      'b.group_year',
      'b.language',
      'b.kindergarten_id',
      'k.type',
    ])
    .where('b.id', '=', batchId)
    .forUpdate('b')
    .executeTakeFirst();
  if (!batch) return null;
  // Counted after the lock: the count sees every turn given before it (a place given back and
  // its turn commit together), which the lock's own snapshot may not.
  const { held } = await trx
    .selectFrom('place_batches as b')
    .select(heldForTurns('b').as('held'))
    .where('b.id', '=', batchId)
    .executeTakeFirstOrThrow();
  return { ...batch, held };
}

/**
 * Issues directions for signed `direction.choose`s of one place batch that arrived together, in
 * one transaction: the applications and the batch locked, the rules decided for each choice in
 * its order of arrival (takePlaces), and for the winners one insert of directions, one update of
 * applications, their papers, one update of the batch and one append to the history. The place
 * count is taken under the batch's lock, so no place is given twice however many parents press
 * the button in the same second; a refused choice changes nothing.
 */
export async function chooseDirections(
  context: ChoiceContext,
  batchId: string,
  choices: readonly Choice[],
): Promise<{ results: ChoiceResult[]; freeLeft: number }> {
  const { db, now, publicUrl } = context;
  const calendar = await loadWorkCalendar(db);
  return db
    .transaction()
    .execute(async (trx) =>
      takeLockedPlaces(
        trx,
        { now, publicUrl, calendar },
        batchId,
        choices,
        await lockApplications(trx, choices),
      ),
    );
}

/** What taking places needs besides the transaction. */
export interface TakeContext {
  now: Date;
  publicUrl: string;
  calendar: WorkCalendar;
  /**
   * Set when the choices are batched free-choice requests granted at their round's end (in queue
   * order): the policy that decided, kept in each history row (docs/rules.md, "Batched free
   * choice").
   */
  decidedBy?: { freeChoice: FreeChoiceMode; windowMinutes: number; requestedAt: Date[] };
}

/**
 * chooseDirections' work in the caller's transaction, once the caller has locked the choices'
 * applications (by the choice's index; a choice without one is refused as not found): the
 * choices decided in the order given (takePlaces) and the winners' directions, papers, batch
 * count and history written.
 */
export async function takeLockedPlaces(
  trx: Trx,
  context: TakeContext,
  batchId: string,
  choices: readonly Choice[],
  applications: ReadonlyMap<number, LockedApplication>,
): Promise<{ results: ChoiceResult[]; freeLeft: number }> {
  const { now, publicUrl, calendar, decidedBy } = context;
  const batch = await lockBatch(trx, batchId);
  // Each choice's result as decided; a choice without one is refused as not found (a Problem
  // is an Error, with a stack to capture: made only for those, not for each of thousands first).
  const decided = new Map<number, ChoiceResult>();
  const results = () => choices.map((_, choice) => decided.get(choice) ?? { refusal: notFound() });
  // In the order of the choices (the applications come locked in id order).
  const inQueue = [...applications.entries()]
    .sort(([a], [b]) => a - b)
    .filter(
      ([, a]) => batch && a.district_id === batch.district_id && a.group_year === batch.group_year,
    );
  if (!batch || inQueue.length === 0) return { results: results(), freeLeft: batch?.free ?? 0 };
  const policy = (await loadPolicy(trx, inQueue[0]![1].region_id))!;
  const today = localDateOf(now);
  const { outcomes, free } = takePlaces(
    {
      id: batch.id,
      state: batch.state,
      kindergartenType: batch.type,
      free: batch.free,
      heldForTurns: batch.held,
    },
    inQueue.map(([, a]) => ({
      application: {
        id: a.id,
        status: a.status as ApplicationStatus,
        turnBatchId: a.turn_batch_id,
      },
      privateAgeReached: hasReachedAge(a.birth_date, today, policy.privateMinAgeYears),
    })),
  );
  const winners = inQueue.filter((_, i) => outcomes[i] === 'taken');
  inQueue.forEach(([choice], i) => {
    const outcome = outcomes[i]!;
    if (outcome !== 'taken') decided.set(choice, { refusal: REFUSAL_OF[outcome]() });
  });
  if (winners.length === 0) return { results: results(), freeLeft: batch.free };
  const toPrivate = batch.type === 'private';
  const serials = (
    await sql<{ v: string }>`select nextval('direction_serial') as v
        from generate_series(1, ${winners.length})`.execute(trx)
  ).rows.map((row) => Number(row.v));
  const year = Number(today.slice(0, 4));
  const expiresAt = workingDaysDeadline(now, policy.enrolWorkingDays, calendar);
  const directions = await trx
    .insertInto('directions')
    .values(
      winners.map(([, a], i) => ({
        number: directionNumber(year, serials[i]!),
        verify_code: verifyCode(),
        application_id: a.id,
        place_batch_id: batch.id,
        kindergarten_id: batch.kindergarten_id,
        group_year: batch.group_year,
        language: batch.language,
        status: 'issued',
        issued_at: now,
        expires_at: expiresAt,
        // The number the parent saw, kept beside the direction (seed 002, fig. 6): the stored
        // one, read by primary key in the same statement.
        queue_number: sql<number | null>`(select queue_number from queue_numbers
            where application_id = ${a.id})`,
      })),
    )
    .returning(['id', 'number', 'application_id'])
    .execute();
  // A private kindergarten under the state order takes the child out of the queue for good
  // (docs/rules.md, "Choice and directions").
  const status = toPrivate ? 'removed' : 'direction_issued';
  await moveApplications(
    trx,
    'choose',
    winners.map(([, a]) => a.id),
    status,
    now,
    { turn_until: null, turn_batch_id: null },
  );
  await issueDirectionPapers(
    trx,
    publicUrl,
    directions.map((d) => d.id),
    policy,
    now,
  );
  // The batch's row is locked since lockBatch: every other group of this batch waits for the
  // commit, and the count below is exact.
  await trx.updateTable('place_batches').set({ free }).where('id', '=', batch.id).execute();
  const directionOf = new Map(directions.map((d) => [d.application_id, d]));
  await appendHistoryRows(
    trx,
    winners.map(([choice, a]) => ({
      at: now,
      actor: `user:${choices[choice]!.userId}`,
      event: toPrivate ? 'application.private_direction_issued' : 'application.direction_issued',
      subjectType: 'application',
      subjectId: a.id,
      before: { status: a.status },
      after: {
        status,
        direction: directionOf.get(a.id)!.number,
        placeBatch: batch.id,
        mode: toPrivate ? 'private' : batch.state,
        ...(toPrivate ? { reason: 'private_choice' } : {}),
        ...(decidedBy
          ? {
              requestedAt: decidedBy.requestedAt[choice]!.toISOString(),
              policy: {
                freeChoice: decidedBy.freeChoice,
                windowMinutes: decidedBy.windowMinutes,
              },
            }
          : {}),
      },
      evidence: choices[choice]!.signed.evidence,
    })),
  );
  for (const [choice, a] of winners)
    decided.set(choice, { directionId: directionOf.get(a.id)!.id });
  return { results: results(), freeLeft: free };
}
