import type { SiblingPriorityMode } from './policy.ts';
import type { QueueClass } from './queue.ts';

/**
 * How places reach children under the allocation policies of issue 17 (docs/rules.md, "Region
 * policy"; docs/simulation.md). Every function here is pure and generic in what identifies a
 * child (C) and a kindergarten (K): the server passes ids, the simulation passes its objects.
 */

/** A child's request: the kindergartens it would take, best first. */
export interface RankedRequest<C, K> {
  child: C;
  ranking: readonly K[];
}

export interface Assignment<C, K> {
  child: C;
  kindergarten: K;
}

/** What an allocation gave, in the order the children were given, and the places left. */
export interface Allocation<C, K> {
  assignments: Assignment<C, K>[];
  left: Map<K, number>;
}

function placesLeft<K>(places: ReadonlyMap<K, number>): Map<K, number> {
  const left = new Map<K, number>();
  for (const [kindergarten, count] of places) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`Not a count of places: ${count}`);
    }
    left.set(kindergarten, count);
  }
  return left;
}

function requireDistinctChildren<C>(children: Iterable<C>): void {
  const seen = new Set<C>();
  for (const child of children) {
    if (seen.has(child)) throw new RangeError('A child may request only once in a round');
    seen.add(child);
  }
}

/**
 * Serial dictatorship: the children in the order given (the queue's, or the order of arrival),
 * each given the best-ranked kindergarten that still has a place. A child whose ranked
 * kindergartens are all full gets nothing and keeps its place in the queue. No child gains by
 * ranking other than truly: what it gets depends only on the children before it, and among what
 * they left it gets its best.
 */
export function serialDictatorship<C, K>(
  requests: readonly RankedRequest<C, K>[],
  places: ReadonlyMap<K, number>,
): Allocation<C, K> {
  requireDistinctChildren(requests.map((request) => request.child));
  const left = placesLeft(places);
  const assignments: Assignment<C, K>[] = [];
  for (const { child, ranking } of requests) {
    const kindergarten = ranking.find((candidate) => (left.get(candidate) ?? 0) > 0);
    if (kindergarten === undefined) continue;
    left.set(kindergarten, left.get(kindergarten)! - 1);
    assignments.push({ child, kindergarten });
  }
  return { assignments, left };
}

/**
 * Deferred acceptance (children propose): when kindergartens order the children differently
 * (sibling priority), each child proposes to its ranked kindergartens best first, and each
 * kindergarten holds the best children by its own order up to its places, releasing the rest to
 * propose further. No child gains by misreporting, and no child is passed by at a kindergarten it
 * wanted for a child that kindergarten orders after it. With one order for every kindergarten it
 * gives exactly what {@link serialDictatorship} gives in that order.
 *
 * `priority(k)` lists the children in k's order; children it does not list come after, in the
 * order of `requests`. Assignments come in the order of `requests`.
 */
export function deferredAcceptance<C, K>(
  requests: readonly RankedRequest<C, K>[],
  places: ReadonlyMap<K, number>,
  priority: (kindergarten: K) => readonly C[],
): Allocation<C, K> {
  requireDistinctChildren(requests.map((request) => request.child));
  const capacity = placesLeft(places);
  const fallback = new Map(requests.map((request, index) => [request.child, index]));
  const ranks = new Map<K, Map<C, number>>();
  const rankAt = (kindergarten: K, child: C): number => {
    let rank = ranks.get(kindergarten);
    if (!rank) {
      rank = new Map(priority(kindergarten).map((listed, index) => [listed, index]));
      ranks.set(kindergarten, rank);
    }
    return rank.get(child) ?? rank.size + fallback.get(child)!;
  };
  const held = new Map<K, C[]>();
  const next = new Map<C, number>(requests.map((request) => [request.child, 0]));
  const rankingOf = new Map(requests.map((request) => [request.child, request.ranking]));
  const free = requests.map((request) => request.child).reverse();
  while (free.length > 0) {
    const child = free.pop()!;
    const ranking = rankingOf.get(child)!;
    const index = next.get(child)!;
    if (index >= ranking.length) continue;
    next.set(child, index + 1);
    const kindergarten = ranking[index]!;
    const seats = capacity.get(kindergarten) ?? 0;
    if (seats === 0) {
      free.push(child);
      continue;
    }
    const holding = held.get(kindergarten) ?? [];
    holding.push(child);
    holding.sort((a, b) => rankAt(kindergarten, a) - rankAt(kindergarten, b));
    held.set(kindergarten, holding);
    if (holding.length > seats) free.push(holding.pop()!);
  }
  const assignedTo = new Map<C, K>();
  for (const [kindergarten, children] of held) {
    for (const child of children) assignedTo.set(child, kindergarten);
  }
  const left = placesLeft(places);
  const assignments: Assignment<C, K>[] = [];
  for (const { child } of requests) {
    const kindergarten = assignedTo.get(child);
    if (kindergarten === undefined) continue;
    left.set(kindergarten, left.get(kindergarten)! - 1);
    assignments.push({ child, kindergarten });
  }
  return { assignments, left };
}

/**
 * Batched free choice: the requests collected in one window, in whatever order they came, granted
 * in queue order — each child its best-ranked kindergarten with a place left. `queueOrder` is the
 * queue's order (`orderQueue`); a request from a child not in it is refused with a RangeError (it
 * is no waiting child of this queue).
 */
export function grantInQueueOrder<C, K>(
  requests: readonly RankedRequest<C, K>[],
  places: ReadonlyMap<K, number>,
  queueOrder: readonly C[],
): Allocation<C, K> {
  const position = new Map(queueOrder.map((child, index) => [child, index]));
  for (const request of requests) {
    if (!position.has(request.child)) throw new RangeError('A request from outside the queue');
  }
  const inOrder = [...requests].sort((a, b) => position.get(a.child)! - position.get(b.child)!);
  return serialDictatorship(inOrder, places);
}

/**
 * The order of one kindergarten's places under sibling priority `within_class`: the children of
 * each class who have a sibling there go first among their class, and the classes keep the slots
 * the queue order gave them (out-of-turn first, the ratio's blocks after). `ordered` is the queue
 * order (`orderQueue`); with `off` it is returned as it is.
 */
export function siblingFirstWithinClass<T extends { queueClass: QueueClass }>(
  ordered: readonly T[],
  hasSibling: (entry: T) => boolean,
  mode: SiblingPriorityMode = 'within_class',
): T[] {
  if (mode === 'off') return [...ordered];
  const byClass = new Map<QueueClass, T[]>();
  for (const entry of ordered) {
    const list = byClass.get(entry.queueClass) ?? [];
    list.push(entry);
    byClass.set(entry.queueClass, list);
  }
  const reordered = new Map<QueueClass, T[]>();
  for (const [queueClass, list] of byClass) {
    reordered.set(queueClass, [
      ...list.filter((entry) => hasSibling(entry)),
      ...list.filter((entry) => !hasSibling(entry)),
    ]);
  }
  const taken = new Map<QueueClass, number>();
  return ordered.map((entry) => {
    const index = taken.get(entry.queueClass) ?? 0;
    taken.set(entry.queueClass, index + 1);
    return reordered.get(entry.queueClass)![index]!;
  });
}

/** A waiting child as a ranked allocation sees it. */
export interface RankedApplicant<K> {
  queueClass: QueueClass;
  /** The kindergartens the application ranks, best first (at most five). */
  ranking: readonly K[];
  /** The kindergartens a sibling of the child attends. */
  siblingAt: readonly K[];
}

/**
 * The offers of a ranked round (allocation `ranked`): the children in queue order (`orderQueue`)
 * are offered the best-ranked kindergarten with a place left for them. With sibling priority off
 * it is {@link serialDictatorship} in queue order; with `within_class` each kindergarten orders
 * the children by {@link siblingFirstWithinClass} and {@link deferredAcceptance} decides.
 */
export function rankedOffers<T extends RankedApplicant<K>, K>(
  ordered: readonly T[],
  places: ReadonlyMap<K, number>,
  siblingPriority: SiblingPriorityMode,
): Allocation<T, K> {
  const requests = ordered.map((child) => ({ child, ranking: child.ranking }));
  if (siblingPriority === 'off') return serialDictatorship(requests, places);
  return deferredAcceptance(requests, places, (kindergarten) =>
    siblingFirstWithinClass(ordered, (child) => child.siblingAt.includes(kindergarten)),
  );
}

/** The places of one batch in a ranked round: a kindergarten's places for one language. */
export interface BatchPlaces<B, K> {
  batch: B;
  kindergarten: K;
  count: number;
}

/** A waiting child in a ranked round: its kindergartens, best first, and the turns it let pass. */
export interface RankedWaiting<C, B, K> {
  child: C;
  ranking: readonly K[];
  /** The batches whose turn the child declined or let lapse. */
  passed: readonly B[];
}

/**
 * The offers of a ranked round over batches of places (docs/rules.md, "Ranked preferences"):
 * serial dictatorship over their kindergartens in queue order, each child offered a place of the
 * first batch of its kindergarten with one left. A child who let a turn on one of a
 * kindergarten's batches pass is not offered that kindergarten again in the round: an offer not
 * answered goes to the next child, never back.
 */
export function batchOffers<C, B, K>(
  ordered: readonly RankedWaiting<C, B, K>[],
  batches: readonly BatchPlaces<B, K>[],
): { child: C; batch: B }[] {
  const kindergartenOf = new Map(batches.map((places) => [places.batch, places.kindergarten]));
  const slots = new Map<K, B[]>();
  for (const { batch, kindergarten, count } of batches) {
    const list = slots.get(kindergarten) ?? [];
    for (let place = 0; place < count; place += 1) list.push(batch);
    slots.set(kindergarten, list);
  }
  const requests = ordered.map(({ child, ranking, passed }) => {
    const passedAt = new Set(passed.map((batch) => kindergartenOf.get(batch)));
    return { child, ranking: ranking.filter((kindergarten) => !passedAt.has(kindergarten)) };
  });
  const places = new Map([...slots].map(([kindergarten, list]) => [kindergarten, list.length]));
  return serialDictatorship(requests, places).assignments.map(({ child, kindergarten }) => ({
    child,
    batch: slots.get(kindergarten)!.shift()!,
  }));
}
