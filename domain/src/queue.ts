/** Queue classes in order of precedence (docs/rules.md, "Benefit classes and queue order"). */
export const QUEUE_CLASSES = ['out_of_turn', 'first_priority', 'general'] as const;
export type QueueClass = (typeof QUEUE_CLASSES)[number];

/** Applications in one class are ordered by registration instant, then by application number. */
export interface QueueKey {
  queueClass: QueueClass;
  registeredAt: Date;
  number: string;
}

export interface ClassCounts {
  out_of_turn: number;
  first_priority: number;
  general: number;
}

/** [first-priority, general]: 1:3 means one first-priority child, then three general, and so on. */
export type PriorityRatio = readonly [number, number];

export function compareWithinClass(a: QueueKey, b: QueueKey): number {
  const byInstant = a.registeredAt.getTime() - b.registeredAt.getTime();
  if (byInstant !== 0) return byInstant;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/**
 * The 1-based place in the queue of an application that has `before` applications of its own class
 * ahead of it, given how many the queue holds of each class. Out-of-turn children come first;
 * first-priority and general children then alternate in blocks of the ratio, each class in its own
 * order, and when one class runs out the other simply continues. O(1): the caller supplies the
 * counts from index range counts, never from scanning the queue.
 */
export function queuePosition(
  queueClass: QueueClass,
  before: number,
  counts: ClassCounts,
  ratio: PriorityRatio,
): number {
  const [firstShare, generalShare] = ratio;
  const rank = before + 1;
  if (queueClass === 'out_of_turn') return rank;
  const merged =
    queueClass === 'first_priority'
      ? rank + Math.min(counts.general, Math.floor(before / firstShare) * generalShare)
      : rank +
        Math.min(counts.first_priority, (Math.floor(before / generalShare) + 1) * firstShare);
  return counts.out_of_turn + merged;
}

/**
 * The whole queue in order: the reference the O(1) position is tested against, and what the
 * department's queue view and the allocation of turns walk through.
 */
export function orderQueue<T extends QueueKey>(entries: readonly T[], ratio: PriorityRatio): T[] {
  const byClass = (queueClass: QueueClass) =>
    entries.filter((entry) => entry.queueClass === queueClass).sort(compareWithinClass);
  const first = byClass('first_priority');
  const general = byClass('general');
  const [firstShare, generalShare] = ratio;
  const merged: T[] = [];
  let f = 0;
  let g = 0;
  while (f < first.length || g < general.length) {
    for (let i = 0; i < firstShare && f < first.length; i += 1) merged.push(first[f++]!);
    for (let i = 0; i < generalShare && g < general.length; i += 1) merged.push(general[g++]!);
  }
  return [...byClass('out_of_turn'), ...merged];
}

/** How far a walk through the merged queue has come in each interleaved class, and what is left. */
export interface InterleaveState {
  taken: { first_priority: number; general: number };
  remaining: { first_priority: boolean; general: boolean };
}

/**
 * The class the merged order of {@link orderQueue} takes next, after `taken` children of each
 * interleaved class (counted from the head of the queue). While both classes have children the
 * blocks of the ratio decide; when one runs out the other continues. A reader that keeps its
 * place in each class by its own keyset rebuilds the order from any point with this, without
 * reading the queue from its head. null: both classes are done.
 */
export function nextInterleavedClass(
  state: InterleaveState,
  ratio: PriorityRatio,
): 'first_priority' | 'general' | null {
  const { taken, remaining } = state;
  if (!remaining.first_priority) return remaining.general ? 'general' : null;
  if (!remaining.general) return 'first_priority';
  const [firstShare, generalShare] = ratio;
  const generalDue = Math.floor(taken.first_priority / firstShare) * generalShare;
  return taken.general >= generalDue ? 'first_priority' : 'general';
}

/** The class a benefit puts a child in; a rejected or absent benefit means the general class. */
export function effectiveQueueClass(
  benefitClass: Exclude<QueueClass, 'general'> | null,
  benefitRejected: boolean,
): QueueClass {
  return benefitClass && !benefitRejected ? benefitClass : 'general';
}

/**
 * The number in the benefit class as the screens and documents print it (seed 001, fig. 13 and
 * the registration notice: «Номер очереди по льготной категории 0» for a child without a benefit):
 * 0 outside a benefit class, else the number, or null when the child waits in no queue.
 */
export function printedBenefitQueueNumber(
  inBenefitClass: boolean,
  benefitQueueNumber: number | null,
): number | null {
  return inBenefitClass ? benefitQueueNumber : 0;
}
