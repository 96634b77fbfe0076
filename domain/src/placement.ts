import type { ApplicationAction, ApplicationStatus } from './application.ts';
import type { AllocationMode } from './policy.ts';

export const KINDERGARTEN_TYPES = ['state', 'private', 'mini_centre', 'village'] as const;
export type KindergartenType = (typeof KINDERGARTEN_TYPES)[number];

export const DIRECTION_STATUSES = [
  'issued',
  'enrolled',
  'expired',
  'revoked',
  'refusal_pending',
  'refused',
] as const;
export type DirectionStatus = (typeof DIRECTION_STATUSES)[number];
/**
 * A direction still live: issued, or refused by the kindergarten and waiting for the
 * department's decision. At most one per child (docs/rules.md, "Choice and directions").
 */
export const LIVE_DIRECTION_STATUSES = [
  'issued',
  'refusal_pending',
] as const satisfies readonly DirectionStatus[];

/**
 * The placement buttons (docs/rules.md, "Choice and directions"): one per kindergarten type, then
 * the direction's own.
 */
export const CHOOSE_ACTIONS = {
  state: 'chooseState',
  village: 'chooseVillage',
  mini_centre: 'chooseMiniCentre',
  private: 'choosePrivate',
} as const satisfies Record<KindergartenType, string>;
export type ChooseAction = (typeof CHOOSE_ACTIONS)[KindergartenType];
export type PlacementAction = ChooseAction | 'declineTurn' | 'extendDirection' | 'revokeDirection';

/** Every action the application view may list, in the order the screen shows them. */
export const APPLICANT_ACTIONS = [
  'confirmInterest',
  'changeBenefit',
  'changePreferences',
  'withdraw',
  ...Object.values(CHOOSE_ACTIONS),
  'declineTurn',
  'extendDirection',
  'revokeDirection',
] as const satisfies readonly (ApplicationAction | PlacementAction | 'changePreferences')[];
export type ApplicantAction = (typeof APPLICANT_ACTIONS)[number];

/**
 * Statuses in which a child may take a place (a stop-listed child may not: docs/rules.md, "Choice
 * and directions").
 */
const MAY_TAKE_PLACE: readonly ApplicationStatus[] = ['queued', 'turn'];

export interface LiveDirection {
  status: DirectionStatus;
  issuedAt: Date;
  extended: boolean;
}

export interface PlacementSituation {
  status: ApplicationStatus;
  /** Kindergarten types with places open to this application now: its turn's, or free choice. */
  offeredTypes: readonly KindergartenType[];
  /**
   * The child is at least the policy's privateMinAgeYears old (docs/rules.md, "Choice and
   * directions").
   */
  privateAgeReached: boolean;
  /** The application's newest direction, if any. */
  direction: LiveDirection | null;
  revokeHours: number;
  /** When the applicant last declined a turn of this application, if ever. */
  lastTurnDeclinedAt: Date | null;
  now: Date;
}

/** How often a turn may be declined keeping the child's place (docs/rules.md, "Declining a turn"). */
export const TURN_DECLINE_INTERVAL_MONTHS = 12;

/**
 * A turn may be declined once in 12 months (issue 17, item 4): the place goes on to the next
 * child at once and the child keeps its place in the queue. Within 12 months of a decline the
 * manual's way stays: the turn lapses at the end of its window.
 */
export function turnDeclineOpen(
  status: ApplicationStatus,
  lastDeclinedAt: Date | null,
  now: Date,
): boolean {
  if (status !== 'turn') return false;
  if (lastDeclinedAt === null) return true;
  const again = new Date(lastDeclinedAt);
  again.setUTCMonth(again.getUTCMonth() + TURN_DECLINE_INTERVAL_MONTHS);
  return now.getTime() >= again.getTime();
}

/**
 * Within the policy's hours of issue the applicant may revoke a direction, to a private
 * kindergarten too (docs/rules.md, "Choice and directions"): the child goes back to its place in
 * the queue.
 */
export function revokeOpen(
  direction: Pick<LiveDirection, 'status' | 'issuedAt'>,
  now: Date,
  revokeHours: number,
): boolean {
  return (
    direction.status === 'issued' &&
    now.getTime() - direction.issuedAt.getTime() <= revokeHours * 3_600_000
  );
}

/** The placement buttons the applicant sees now; each shows only when it is allowed. */
export function placementActions(situation: PlacementSituation): PlacementAction[] {
  const actions: PlacementAction[] = [];
  if (MAY_TAKE_PLACE.includes(situation.status)) {
    for (const type of KINDERGARTEN_TYPES) {
      if (!situation.offeredTypes.includes(type)) continue;
      if (type === 'private' && !situation.privateAgeReached) continue;
      actions.push(CHOOSE_ACTIONS[type]);
    }
  }
  if (turnDeclineOpen(situation.status, situation.lastTurnDeclinedAt, situation.now))
    actions.push('declineTurn');
  const direction = situation.direction;
  if (direction?.status === 'issued') {
    if (!direction.extended) actions.push('extendDirection');
    if (revokeOpen(direction, situation.now, situation.revokeHours))
      actions.push('revokeDirection');
  }
  return actions;
}

/**
 * What a kindergarten's staff may answer to a direction (docs/rules.md, "Kindergarten
 * workspace").
 */
export const DIRECTION_ACTIONS = ['accept', 'refuse'] as const;
export type DirectionAction = (typeof DIRECTION_ACTIONS)[number];

export interface DirectionAnswerSituation {
  status: DirectionStatus;
  /** The enrolment deadline: the issue's, or the extension's. */
  deadline: Date;
  /** The direction was refused before (the department rejected that refusal). */
  refusedBefore: boolean;
  now: Date;
}

export type DirectionAnswerRefusal =
  'direction_not_issued' | 'direction_expired' | 'refusal_overruled';

/**
 * Why staff may not give `action` to a direction now, or null when they may: only an issued
 * direction within its deadline is answered (even before the expiry sweep has run), and it is
 * refused at most once: after the department rejected a refusal the child must be accepted.
 */
export function directionAnswerRefusal(
  situation: DirectionAnswerSituation,
  action: DirectionAction,
): DirectionAnswerRefusal | null {
  if (situation.status !== 'issued') return 'direction_not_issued';
  if (situation.deadline <= situation.now) return 'direction_expired';
  if (action === 'refuse' && situation.refusedBefore) return 'refusal_overruled';
  return null;
}

/** The buttons the kindergarten's staff see on a direction; each shows only when it is allowed. */
export function directionActions(situation: DirectionAnswerSituation): DirectionAction[] {
  return DIRECTION_ACTIONS.filter((action) => directionAnswerRefusal(situation, action) === null);
}

export type PlaceRefusal =
  'stop_listed' | 'action_not_allowed' | 'not_your_turn' | 'child_too_young';

export type BatchState = 'waiting' | 'free_choice';

/** A batch of places as the rules of taking see it. */
export interface OfferedBatch {
  id: string;
  state: BatchState;
  kindergartenType: KindergartenType;
  free: number;
  /**
   * Free places held for the turns still running on the batch, once it is in free choice (in its
   * turn phase the whole batch is its turn-holders').
   */
  heldForTurns: number;
}

/**
 * The free places of a batch that no running turn holds: what a child without the batch's turn
 * may take in free choice. A turn given for a place given back ends after its batch's window
 * (returnedPlaceGoesTo), and its place stays held for it until then; below zero means a take has
 * left a running turn without a place.
 */
export function unheldPlaces(batch: Pick<OfferedBatch, 'free' | 'heldForTurns'>): number {
  return batch.free - batch.heldForTurns;
}

/** Why an application in this status may take no place at all, whichever: or null. */
export function statusRefusal(
  status: ApplicationStatus,
): 'stop_listed' | 'action_not_allowed' | null {
  if (status === 'stop_listed') return 'stop_listed';
  return MAY_TAKE_PLACE.includes(status) ? null : 'action_not_allowed';
}

/**
 * Why this application may not take a place of this batch now, or null when it may. Places still
 * offered to the turn-holders belong to them: the whole batch in its turn phase, and afterwards in
 * free choice one place for each turn still running; private places ignore turns but ask for the
 * age. A batch with no free place at all is answered by the take itself (place_taken).
 */
export function placeRefusal(
  application: { status: ApplicationStatus; turnBatchId: string | null },
  batch: OfferedBatch,
  privateAgeReached: boolean,
): PlaceRefusal | null {
  const byStatus = statusRefusal(application.status);
  if (byStatus) return byStatus;
  if (batch.kindergartenType === 'private') return privateAgeReached ? null : 'child_too_young';
  if (application.turnBatchId === batch.id) return null;
  if (batch.state === 'waiting') return 'not_your_turn';
  if (batch.free > 0 && unheldPlaces(batch) <= 0) return 'not_your_turn';
  return null;
}

export interface ChoiceOfPlace {
  application: { id: string; status: ApplicationStatus; turnBatchId: string | null };
  privateAgeReached: boolean;
}

export type ChoiceOutcome = 'taken' | 'place_taken' | PlaceRefusal;

/**
 * The choices of one batch's places that arrived together, decided in their order of arrival as
 * if one after another: each is refused as placeRefusal says with the batch as the ones before it
 * left it, or takes a place while one is free (a turn-holder of the batch takes one of the places
 * held for the turns). A child's second choice in the same group finds the first one's direction.
 */
export function takePlaces(
  batch: OfferedBatch,
  choices: readonly ChoiceOfPlace[],
): { outcomes: ChoiceOutcome[]; free: number } {
  let { free, heldForTurns } = batch;
  const chosen = new Set<string>();
  const outcomes = choices.map(({ application, privateAgeReached }): ChoiceOutcome => {
    const status = chosen.has(application.id) ? 'direction_issued' : application.status;
    const refusal = placeRefusal(
      { status, turnBatchId: application.turnBatchId },
      { ...batch, free, heldForTurns },
      privateAgeReached,
    );
    if (refusal) return refusal;
    if (free <= 0) return 'place_taken';
    free -= 1;
    if (application.turnBatchId === batch.id && heldForTurns > 0) heldForTurns -= 1;
    chosen.add(application.id);
    return 'taken';
  });
  return { outcomes, free };
}

/**
 * The end of a turn given now: the policy's days to choose and sign (docs/rules.md, "Turns and
 * places released": 3 days by default).
 */
export function turnWindowEnd(now: Date, turnWindowDays: number): Date {
  return new Date(now.getTime() + turnWindowDays * 86_400_000);
}

/**
 * A batch is in its turn phase while its state is `waiting` and its window has not ended (the
 * sweep moves it to free choice soon after): until then its places are offered in queue order.
 */
export function inTurnPhase(batch: { state: BatchState; turnUntil: Date }, now: Date): boolean {
  return batch.state === 'waiting' && now.getTime() < batch.turnUntil.getTime();
}

export type ReturnedPlaceDestination = 'turn' | 'free_choice';

/**
 * Where a place given back goes (a direction revoked within its hours, expired unused, or refused
 * with the department's confirmation; docs/rules.md). While its batch is in its turn phase, to the
 * next eligible child in line, with a turn of its own: its own window from now, which may end
 * after the batch's, and its place held for it until then. Once the batch is in free choice, or
 * when no child is waiting for a turn, to free choice, as a release with nobody waiting opens its
 * places at once. The place is never held without a child whose turn it is.
 */
export function returnedPlaceGoesTo(
  batch: { state: BatchState; turnUntil: Date },
  now: Date,
  childWaiting: boolean,
): ReturnedPlaceDestination {
  return inTurnPhase(batch, now) && childWaiting ? 'turn' : 'free_choice';
}

/** How a turn ended without a place taken: the parent declined it, or its window ended. */
export type PassedTurnEnd = 'declined' | 'lapsed';

/**
 * Whether the place a turn held goes on to a next child when the turn ends unused (docs/rules.md,
 * "Ranked preferences" and "Declining a turn"), or to free choice. Under ranked preferences it
 * always goes on, in the batch's turn phase or after it, to the next child who ranked the
 * kindergarten: an offer not answered goes to the next child. Under `choose` a declined turn's
 * place goes on as a place given back would (only in the batch's turn phase) and a lapsed turn's
 * place goes to free choice, as the manual's turns end (seed 002). Free choice too when nobody is
 * left to offer it to.
 */
export function passedPlaceGoesOn(
  allocation: AllocationMode,
  end: PassedTurnEnd,
  batch: { state: BatchState; turnUntil: Date },
  now: Date,
): boolean {
  if (allocation === 'ranked') return true;
  return end === 'declined' && inTurnPhase(batch, now);
}

/**
 * How many of a batch's free places the turns ending unused held: one each, as long as the batch
 * has a free place for every turn still running after them (a running turn always keeps its
 * place, unheldPlaces). `running` counts every turn on the batch, the ending ones included.
 */
export function placesHeldByPassedTurns(free: number, running: number, passed: number): number {
  return Math.max(0, Math.min(passed, free - (running - passed)));
}
