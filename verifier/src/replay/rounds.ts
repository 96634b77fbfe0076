import {
  firstDayOfMonth,
  localDateOf,
  nextInterleavedClass,
  type LocalDate,
  type PriorityRatio,
} from '@kezek/domain';
import type { LogEvent } from '@kezek/contracts';
import type { Batch, Child, Leaf, PublicPolicy, Violation } from './model.ts';
import type { ClassLists } from './waiting.ts';

export type TurnGiven = Extract<LogEvent, { type: 'turn_given' }>;

/** One turn of a round, checked on its own already: a known child queued in the batch's queue. */
export interface RoundTurn {
  leaf: Leaf & { event: TurnGiven };
  child: Child;
  batch: Batch;
}

export interface RoundOutcome {
  violations: Violation[];
  /** Children passed by who may have reached the age limit (their birth date is private). */
  passedByAge: number;
}

/**
 * Whether a child of this group year may have reached the age limit by `today`: from 1 January of
 * the year it can first happen. The log carries no birth date, so such a child passed by is
 * taken on trust (docs/verifier.md).
 */
function mayHaveReachedAgeLimit(child: Child, today: LocalDate, policy: PublicPolicy): boolean {
  return Number(today.slice(0, 4)) >= child.groupYear + policy.ageLimitYears;
}

/**
 * The members of a queue in its order (docs/rules.md, "Benefit classes and queue order"), read
 * from the head of each class only as far as the caller goes: out-of-turn children first, then
 * first-priority and general children as the domain's nextInterleavedClass alternates them — the
 * order orderQueue gives the members, without sorting the queue.
 */
function* inQueueOrder(
  lists: ClassLists,
  ratio: PriorityRatio,
  member: (child: Child) => boolean,
): Generator<Child> {
  for (const child of lists.out_of_turn) if (member(child)) yield child;
  const at = { first_priority: 0, general: 0 };
  const taken = { first_priority: 0, general: 0 };
  const left = (queueClass: keyof typeof at) => {
    const list = lists[queueClass];
    while (at[queueClass] < list.length && !member(list[at[queueClass]]!)) at[queueClass] += 1;
    return at[queueClass] < list.length;
  };
  for (;;) {
    const remaining = { first_priority: left('first_priority'), general: left('general') };
    const next = nextInterleavedClass({ taken, remaining }, ratio);
    if (!next) return;
    yield lists[next][at[next]]!;
    at[next] += 1;
    taken[next] += 1;
  }
}

/**
 * Whether the turns of one round (the turns given in one queue at one instant: a release, places
 * given back, a sweep) went to the first eligible children at that moment (docs/rules.md, "Turns
 * and places released", "Ranked preferences"). Under `choose` the order is the whole waiting
 * queue's (children on a turn or stop-listed keep their slots, only they are not chosen), as the
 * server's nextEligible reads it; under `ranked` the queued children who rank one of the round's
 * kindergartens, in queue order, each owed the best-ranked of them with a place left (serial
 * dictatorship, domain batchOffers). Walking that order, a child owed a place who got none while
 * the round's places went to children behind it was passed by. A turn put ahead by sibling
 * priority may pass its own class (the sibling is private: taken on trust).
 */
export function checkRound(
  queue: ClassLists,
  turns: readonly RoundTurn[],
  policy: PublicPolicy,
  now: Date,
): RoundOutcome {
  const ranked = policy.allocation === 'ranked';
  const today = localDateOf(now);
  const batches = new Map(turns.map(({ batch }) => [batch.id, batch]));
  const kindergartens = new Set(turns.map(({ batch }) => batch.kindergartenId));
  // Under `choose` every place of the round is every child's; under `ranked` a kindergarten's.
  const pool = (batch: Batch) => (ranked ? batch.kindergartenId : 0);
  const remaining = new Map<number, number>();
  for (const { batch } of turns) remaining.set(pool(batch), (remaining.get(pool(batch)) ?? 0) + 1);
  // A sibling's turn takes the slot of the first child of its class it went ahead of.
  const siblingClasses = new Set(
    turns.filter((turn) => turn.leaf.event.bySibling).map((turn) => turn.child.queueClass),
  );
  const chosen = new Map(turns.map((turn) => [turn.child.pseudonym, turn]));

  const passedHere = (child: Child, batch: Batch) =>
    child.passed.has(batch.id) || child.given.has(batch.id);
  /** The pools the child is owed a place of, best first, before any is taken. */
  const owed = (child: Child): number[] => {
    if (child.status !== 'queued') return [];
    if (child.wantedFrom && firstDayOfMonth(child.wantedFrom) > today) return [];
    const open = [...batches.values()].filter((batch) => !passedHere(child, batch));
    if (!ranked) return open.length > 0 ? [0] : [];
    // A child who let one of a kindergarten's batches of the round pass is not offered it again.
    const refused = new Set(
      [...batches.values()].filter((b) => passedHere(child, b)).map((b) => b.kindergartenId),
    );
    return child.preferences.filter((k) => kindergartens.has(k) && !refused.has(k));
  };

  const member = ranked
    ? (child: Child) =>
        child.status === 'queued' && child.preferences.some((k) => kindergartens.has(k))
    : () => true;
  const visited = new Set<string>();
  let unvisited = chosen.size;

  const violations: Violation[] = [];
  const blame = (turn: RoundTurn, message: string) =>
    violations.push({
      leafIndex: turn.leaf.leafIndex,
      type: 'turn_given',
      pseudonym: turn.child.pseudonym,
      message,
    });
  let passedByAge = 0;
  for (const child of inQueueOrder(queue, policy.firstPriorityRatio, member)) {
    if (unvisited === 0 && [...remaining.values()].every((left) => left <= 0)) break;
    visited.add(child.pseudonym);
    const open = owed(child).filter((p) => (remaining.get(p) ?? 0) > 0);
    const turn = chosen.get(child.pseudonym);
    if (turn) {
      const taken = pool(turn.batch);
      if (ranked && open[0] !== undefined && open[0] !== taken) {
        blame(
          turn,
          `Offered kindergarten ${taken} while kindergarten ${open[0]}, ranked higher by the child, had a place in the same round.`,
        );
      }
      remaining.set(taken, (remaining.get(taken) ?? 0) - 1);
      unvisited -= 1;
      continue;
    }
    if (open.length === 0) continue;
    const excused = siblingClasses.has(child.queueClass);
    if (!excused && mayHaveReachedAgeLimit(child, today, policy)) {
      passedByAge += 1;
      continue;
    }
    if (!excused) {
      const taker =
        turns.find(
          (later) => open.includes(pool(later.batch)) && !visited.has(later.child.pseudonym),
        ) ?? turns[0]!;
      blame(
        taker,
        `The turn on batch ${taker.batch.id} was given while ${child.pseudonym}, ahead in the queue and waiting, was passed by.`,
      );
    }
    // Counted as served, so that one child passed by is one violation, not one per child after.
    remaining.set(open[0]!, remaining.get(open[0]!)! - 1);
  }
  return { violations, passedByAge };
}
