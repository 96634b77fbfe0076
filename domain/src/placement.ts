import type { ApplicationAction, ApplicationStatus } from './application.ts';

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

/** The buttons of seed 002, picture 6: one per kindergarten type, then the direction's own. */
export const CHOOSE_ACTIONS = {
  state: 'chooseState',
  village: 'chooseVillage',
  mini_centre: 'chooseMiniCentre',
  private: 'choosePrivate',
} as const satisfies Record<KindergartenType, string>;
export type ChooseAction = (typeof CHOOSE_ACTIONS)[KindergartenType];
export type PlacementAction = ChooseAction | 'extendDirection' | 'revokeDirection';

/** Every action the application view may list, in the order the screen shows them. */
export const APPLICANT_ACTIONS = [
  'confirmInterest',
  'changeBenefit',
  'withdraw',
  ...Object.values(CHOOSE_ACTIONS),
  'extendDirection',
  'revokeDirection',
] as const satisfies readonly (ApplicationAction | PlacementAction)[];
export type ApplicantAction = (typeof APPLICANT_ACTIONS)[number];

/** Statuses in which a child may take a place (a stop-listed child may not, seed 002). */
const MAY_TAKE_PLACE: readonly ApplicationStatus[] = ['queued', 'turn'];

export interface LiveDirection {
  status: DirectionStatus;
  issuedAt: Date;
  extended: boolean;
  kindergartenType: KindergartenType;
}

export interface PlacementSituation {
  status: ApplicationStatus;
  /** Kindergarten types with places open to this application now: its turn's, or free choice. */
  offeredTypes: readonly KindergartenType[];
  /** The child is at least the policy's privateMinAgeYears old (seed 000). */
  privateAgeReached: boolean;
  /** The application's newest direction, if any. */
  direction: LiveDirection | null;
  revokeHours: number;
  now: Date;
}

/**
 * Within the policy's hours of issue the applicant may revoke a direction (seed 003); a direction
 * to a private kindergarten took the child out of the queue for good, so there is no place to
 * return to.
 */
export function revokeOpen(
  direction: Pick<LiveDirection, 'status' | 'issuedAt' | 'kindergartenType'>,
  now: Date,
  revokeHours: number,
): boolean {
  return (
    direction.status === 'issued' &&
    direction.kindergartenType !== 'private' &&
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
  const direction = situation.direction;
  if (direction?.status === 'issued') {
    if (!direction.extended) actions.push('extendDirection');
    if (revokeOpen(direction, situation.now, situation.revokeHours))
      actions.push('revokeDirection');
  }
  return actions;
}

export type PlaceRefusal =
  'stop_listed' | 'action_not_allowed' | 'not_your_turn' | 'child_too_young';

/**
 * Why this application may not take a place of this batch now, or null when it may. Places still
 * offered to the turn-holders belong to them; private places ignore turns but ask for the age.
 */
export function placeRefusal(
  application: { status: ApplicationStatus; turnBatchId: string | null },
  batch: { id: string; state: 'waiting' | 'free_choice'; kindergartenType: KindergartenType },
  privateAgeReached: boolean,
): PlaceRefusal | null {
  if (application.status === 'stop_listed') return 'stop_listed';
  if (!MAY_TAKE_PLACE.includes(application.status)) return 'action_not_allowed';
  if (batch.kindergartenType === 'private') return privateAgeReached ? null : 'child_too_young';
  if (batch.state === 'waiting' && application.turnBatchId !== batch.id) return 'not_your_turn';
  return null;
}
