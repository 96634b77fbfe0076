import type { ChoiceOutcome, BatchState } from './placement.ts';
import type { FreeChoiceMode } from './policy.ts';

/**
 * Batched free choice (issue 17; docs/rules.md, "Batched free choice"): with the region's policy
 * `freeChoice: 'batched'`, a signed choice of a place in free choice is a request. The requests
 * of a batch are collected in rounds and granted at the round's end in queue order, so that
 * speed, retries and bots give no advantage.
 */

/** What became of a free-choice request. `replaced`: the applicant requested another place. */
export const FREE_CHOICE_OUTCOMES = ['granted', 'not_granted', 'replaced'] as const;
export type FreeChoiceOutcome = (typeof FREE_CHOICE_OUTCOMES)[number];

/**
 * Whether a choice of this batch is a request to be decided later rather than a take: in a
 * batched region, any batch in free choice except the one that gave the child its own turn (a
 * turn-holder takes its turn's places at once, as everywhere).
 */
export function isBatchedRequest(
  freeChoice: FreeChoiceMode,
  batch: { id: string; state: BatchState },
  turnBatchId: string | null,
): boolean {
  return freeChoice === 'batched' && batch.state === 'free_choice' && batch.id !== turnBatchId;
}

/**
 * When a new request of a batch is decided: with the round still collecting (its decision
 * instant later than now), at that round's end; else a new round begins, ending the policy's
 * window after this first request. A round's end never moves once set, whatever later requests
 * or policy changes come.
 */
export function freeChoiceDecisionAt(
  openRoundEnd: Date | null,
  now: Date,
  windowMinutes: number,
): Date {
  if (openRoundEnd && openRoundEnd.getTime() > now.getTime()) return openRoundEnd;
  return new Date(now.getTime() + windowMinutes * 60_000);
}

export interface RoundRequest {
  applicationId: string;
  /** The application's place in the queue at the decision; null when it no longer waits. */
  queueNumber: number | null;
}

/**
 * The order in which a round's requests are granted: queue order (the queue numbers of the
 * moment of decision), those no longer waiting last; never the order of arrival. Ties cannot
 * happen between waiting children; the application id breaks them all the same.
 */
export function freeChoiceGrantOrder<T extends RoundRequest>(requests: readonly T[]): T[] {
  const key = (r: RoundRequest) => r.queueNumber ?? Number.POSITIVE_INFINITY;
  return [...requests].sort(
    (a, b) =>
      key(a) - key(b) ||
      a.applicationId.length - b.applicationId.length ||
      (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0),
  );
}

/** A request's outcome from what taking the place decided (takePlaces). */
export function requestOutcome(choice: ChoiceOutcome): Exclude<FreeChoiceOutcome, 'replaced'> {
  return choice === 'taken' ? 'granted' : 'not_granted';
}
