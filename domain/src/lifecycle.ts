import { WAITING_STATUSES, type ApplicationStatus } from './application.ts';
import type { DirectionStatus } from './placement.ts';

/** A lifecycle: for each event, the statuses it may happen in and those it may lead to. */
type Lifecycle<Status extends string> = Record<
  string,
  { from: readonly Status[]; to: readonly Status[] }
>;

/** The statuses an event may lead to; the caller's decision picks one of them. */
type MoveTarget<
  Moves extends Lifecycle<string>,
  Event extends keyof Moves,
> = Moves[Event]['to'][number];

/**
 * How an application's status moves (docs/rules.md): for each event, the statuses it may happen
 * in and the statuses it may lead to. The server moves an application only through this table
 * (`moveApplications`), so a move the rules do not know is a bug the server refuses to commit.
 * A direction to a private kindergarten takes the application out of the queue at the choice
 * (`removed`); what happens to that direction later leaves the application `removed`, but for its
 * revocation within its hours, which puts the child back at its place in the queue.
 */
export const APPLICATION_LIFECYCLE = {
  /** Places were released or given back and this child is next in line. */
  turn: { from: ['queued'], to: ['turn'] },
  /** The turn's window ended without a choice: the child waits on at the same place. */
  lapseTurn: { from: ['turn'], to: ['queued'] },
  /** A kindergarten chosen: a direction, or out of the queue for a private one. */
  choose: { from: ['queued', 'turn'], to: ['direction_issued', 'removed'] },
  /**
   * The parent revoked the direction within its window: back at the original place, also from
   * `removed` when the direction was to a private kindergarten.
   */
  revoke: { from: ['direction_issued', 'removed'], to: ['queued'] },
  /** The direction expired unused: the stop-list, or out of the queue at the last expiry. */
  expire: { from: ['direction_issued'], to: ['stop_listed', 'removed'] },
  /** The stop-list's days are over: back at the original place. */
  endStopList: { from: ['stop_listed'], to: ['queued'] },
  /** The kindergarten accepted the child. */
  accept: { from: ['direction_issued', 'removed'], to: ['enrolled', 'removed'] },
  /** The department confirmed the kindergarten's refusal. */
  confirmRefusal: { from: ['direction_issued', 'removed'], to: ['refused', 'removed'] },
  /** The parent withdrew the application. */
  withdraw: { from: WAITING_STATUSES, to: ['withdrawn'] },
  /** Interest was not confirmed in time. */
  lapseInterest: { from: WAITING_STATUSES, to: ['removed'] },
} as const satisfies Lifecycle<ApplicationStatus>;

export type ApplicationEvent = keyof typeof APPLICATION_LIFECYCLE;
export type ApplicationMoveTarget<Event extends ApplicationEvent> = MoveTarget<
  typeof APPLICATION_LIFECYCLE,
  Event
>;

/** Whether the rules let `event` move an application from `from` to `to`. */
export function applicationMoveAllowed(
  event: ApplicationEvent,
  from: ApplicationStatus,
  to: ApplicationStatus,
): boolean {
  const move = APPLICATION_LIFECYCLE[event];
  return (
    (move.from as readonly ApplicationStatus[]).includes(from) &&
    (move.to as readonly ApplicationStatus[]).includes(to)
  );
}

/**
 * How a direction's status moves (docs/rules.md): it is issued live, and ends enrolled, revoked,
 * expired or refused; a refusal the department rejects makes it live again, with a new deadline.
 * An extension changes its deadline, not its status.
 */
export const DIRECTION_LIFECYCLE = {
  /** The kindergarten accepted the child. */
  accept: { from: ['issued'], to: ['enrolled'] },
  /** The parent revoked it within its window. */
  revoke: { from: ['issued'], to: ['revoked'] },
  /** Its deadline passed unused. */
  expire: { from: ['issued'], to: ['expired'] },
  /** The kindergarten refused the child; the department decides. */
  requestRefusal: { from: ['issued'], to: ['refusal_pending'] },
  /** The department confirmed the refusal. */
  confirmRefusal: { from: ['refusal_pending'], to: ['refused'] },
  /** The department rejected the refusal: the child must be accepted. */
  rejectRefusal: { from: ['refusal_pending'], to: ['issued'] },
} as const satisfies Lifecycle<DirectionStatus>;

export type DirectionEvent = keyof typeof DIRECTION_LIFECYCLE;
export type DirectionMoveTarget<Event extends DirectionEvent> = MoveTarget<
  typeof DIRECTION_LIFECYCLE,
  Event
>;
