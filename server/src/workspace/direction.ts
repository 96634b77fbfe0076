import { documentContent } from '../documents/store.ts';
import type { WorkspaceDirection } from '@kezek/contracts';
import {
  benefitCategory,
  directionActions,
  directionAnswerRefusal,
  type DirectionAction,
  type DirectionAnswerRefusal,
} from '@kezek/domain';
import { inScope, staffScope, type Scope } from '../auth/scope.ts';
import type { Db, Trx } from '../db/connection.ts';
import { DIRECTION_COLUMNS, directionRulesOf, toDirection } from '../directions/view.ts';
import { requireSignerForKindergarten } from '../eds/organisation.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { Problem, conflict, found, notFound } from '../problem.ts';
import { fullNameOf } from '../db/names.ts';
import { APPLICANT_CONTACT } from '../notify/applicant.ts';
import { refusalRows, toRefusal } from '../refusals/view.ts';
import { directionsWithChild } from '../directions/queries.ts';
import type { CommandContext } from '../context.ts';

/** The deadline in force: the extension if there is one (as the expiry sweep reads it). */
const deadlineOf = (row: { expires_at: Date; extended_until: Date | null }) =>
  row.extended_until ?? row.expires_at;

function workspaceRows(db: Db, scope: Scope) {
  return directionsWithChild(db)
    .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .leftJoin('refusals as r', 'r.direction_id', 'd.id')
    .leftJoin('enrolments as e', 'e.direction_id', 'd.id')
    .select(DIRECTION_COLUMNS)
    .select([
      'a.number as application_number',
      'a.benefit_status',
      'a.phone',
      'a.email',
      'child.iin as child_iin',
      'child.birth_date',
      fullNameOf('child').as('child_name'),
      'u.full_name as applicant_name',
      'r.id as refusal_id',
      'r.paused_deadline',
      'e.id as enrolment_id',
    ])
    .where(inScope(scope, { kindergarten: 'd.kindergarten_id', district: 'k.district_id' }));
}

type WorkspaceRow = Awaited<ReturnType<ReturnType<typeof workspaceRows>['execute']>>[number];

async function toWorkspaceDirection(
  db: Db,
  row: WorkspaceRow,
  now: Date,
): Promise<WorkspaceDirection> {
  const refusal = row.refusal_id
    ? toRefusal(await refusalRows(db).where('r.id', '=', row.refusal_id).executeTakeFirstOrThrow())
    : null;
  const deadline = row.status === 'refusal_pending' ? row.paused_deadline! : deadlineOf(row);
  const category = row.benefit_code ? benefitCategory(row.benefit_code) : undefined;
  return {
    ...toDirection(row, directionRulesOf(row), now),
    applicationNumber: row.application_number,
    child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.birth_date },
    applicant: { fullName: row.applicant_name, phone: row.phone, email: row.email },
    benefit: {
      categoryCode: row.benefit_code,
      class: category?.class ?? null,
      status: row.benefit_status as WorkspaceDirection['benefit']['status'],
    },
    deadline: deadline.toISOString(),
    refusal,
    enrolmentId: row.enrolment_id,
    actions: directionActions({ status: row.status, deadline, refusedBefore: !!refusal, now }),
  };
}

/**
 * The direction to one of the caller's kindergartens with this child IIN or number (docs/rules.md,
 * "Kindergarten workspace"): the newest one when a child had several. Anything else does not
 * exist for them.
 */
export async function searchDirection(
  db: Db,
  scope: Scope,
  query: { kindergartenId: number; iin?: string | undefined; number?: string | undefined },
  now: Date,
): Promise<WorkspaceDirection> {
  let rows = workspaceRows(db, scope).where('d.kindergarten_id', '=', query.kindergartenId);
  if (query.number !== undefined) rows = rows.where('d.number', '=', query.number);
  if (query.iin !== undefined) rows = rows.where('a.child_iin', '=', query.iin);
  const row = await rows.orderBy('d.id', 'desc').limit(1).executeTakeFirst();
  if (!row) throw notFound();
  return toWorkspaceDirection(db, row, now);
}

export async function workspaceDirection(
  db: Db,
  scope: Scope,
  id: string,
  now: Date,
): Promise<WorkspaceDirection> {
  const row = await workspaceRows(db, scope).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toWorkspaceDirection(db, row, now);
}

/** The child card issued with the direction (the first one stored at or after its issue). */
export async function childCardOf(db: Db, scope: Scope, directionId: string) {
  const direction = await workspaceRows(db, scope)
    .where('d.id', '=', directionId)
    .executeTakeFirst();
  if (!direction) throw notFound();
  const card = await db
    .selectFrom('documents')
    .select(['id', 'content', 'source', 'content_type'])
    .where('application_id', '=', direction.application_id)
    .where('kind', '=', 'child_card')
    .where('created_at', '>=', direction.issued_at)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!card) throw notFound();
  return {
    content: await documentContent(db, card),
    contentType: card.content_type,
    directionNumber: direction.number,
  };
}

/** A direction of the kindergartens within `scope`, with its kindergarten `k`. */
function directionInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('directions as d')
    .innerJoin('kindergartens as k', 'k.id', 'd.kindergarten_id')
    .where('d.id', '=', id)
    .where(inScope(scope, { kindergarten: 'd.kindergarten_id', district: 'k.district_id' }));
}

/** Before a signature is verified: the direction is of the caller's kindergartens, else 404. */
export async function requireStaffDirection(context: CommandContext, id: string): Promise<void> {
  const scope = staffScope(context.user);
  await found(directionInScope(context.db, scope, id).select('d.id').executeTakeFirst());
}

const ANSWER_REFUSED: Record<DirectionAnswerRefusal, string> = {
  direction_not_issued: 'The direction is not waiting for enrolment',
  direction_expired: 'The enrolment deadline of the direction has passed',
  refusal_overruled:
    'The department rejected the refusal of this direction: the child must be accepted',
};

/**
 * The direction a staff member answers, locked with its application for the transaction: in
 * their scope (else 404), and `action` allowed by the domain (directionAnswerRefusal: issued,
 * within its deadline even before the expiry sweep has run, refused at most once), else 409.
 */
async function lockAnsweredDirection(
  trx: Trx,
  scope: Scope,
  id: string,
  action: DirectionAction,
  now: Date,
) {
  const row = await directionInScope(trx, scope, id)
    .innerJoin('applications as a', 'a.id', 'd.application_id')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin')
    .select([
      'd.id',
      'd.number',
      'd.status',
      'd.expires_at',
      'd.extended_until',
      'd.place_batch_id',
      'd.kindergarten_id',
      'd.group_year',
      'a.id as application_id',
      'a.number as application_number',
      'a.status as application_status',
      'a.queue_class',
      'a.region_id',
      'a.child_iin',
      ...APPLICANT_CONTACT,
      'k.name_kk',
      'k.name_ru',
      'k.district_id',
      'k.bin',
      fullNameOf('child').as('child_name'),
      (eb) =>
        eb
          .exists(eb.selectFrom('refusals').whereRef('refusals.direction_id', '=', 'd.id'))
          .as('refused_before'),
    ])
    .forUpdate(['d', 'a'])
    .executeTakeFirst();
  if (!row) throw notFound();
  const deadline = deadlineOf(row);
  const refusedBefore = row.refused_before === true;
  const situation = { status: row.status, deadline, refusedBefore, now };
  const refusal = directionAnswerRefusal(situation, action);
  if (refusal) throw conflict(refusal, ANSWER_REFUSED[refusal]);
  return { ...row, deadline };
}

export type IssuedDirection = Awaited<ReturnType<typeof lockAnsweredDirection>>;

/**
 * A staff member's signed answer to a direction (accept or refuse), in one transaction: the
 * signature is for this direction, the direction is theirs and may have this answer, and the
 * signer may sign for its kindergarten; then `act` makes the change.
 */
export async function answerDirection<T>(
  context: CommandContext,
  action: DirectionAction,
  id: string,
  signed: SignedAction<{ directionId: string }>,
  act: (trx: Trx, direction: IssuedDirection, by: { userId: number; now: Date }) => Promise<T>,
): Promise<T> {
  if (signed.fields.directionId !== id)
    throw new Problem(400, 'action_mismatch', 'The signature is for another direction');
  const { db, clock, user } = context;
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const direction = await lockAnsweredDirection(trx, staffScope(user), id, action, now);
    requireSignerForKindergarten(signed.signer, direction);
    return act(trx, direction, { userId: user.id, now });
  });
}
