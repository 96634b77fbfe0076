import type { SiblingPriorityMode } from './policy.ts';
import { orderQueue, type PriorityRatio, type QueueClass, type QueueKey } from './queue.ts';

/** A child waiting for a kindergarten's places, and whether a sibling of theirs attends it. */
export interface SiblingQueueKey extends QueueKey {
  siblingHere: boolean;
}

/**
 * The queue order for one kindergarten's places (docs/rules.md, "Siblings"). With `within_class`,
 * each class's slots of {@link orderQueue} go first to that class's children who have a sibling
 * attending the kindergarten, in their own order, then to the rest: no child moves to another
 * class's slot, so the classes' shares stay those of the ratio. With `off`, the queue order.
 */
export function orderForKindergarten<T extends SiblingQueueKey>(
  entries: readonly T[],
  ratio: PriorityRatio,
  siblingPriority: SiblingPriorityMode,
): T[] {
  const ordered = orderQueue(entries, ratio);
  if (siblingPriority === 'off') return ordered;
  const byClass = new Map<QueueClass, T[]>();
  for (const entry of ordered) {
    const list = byClass.get(entry.queueClass) ?? [];
    list.push(entry);
    byClass.set(entry.queueClass, list);
  }
  const next = new Map<QueueClass, T[]>(
    [...byClass].map(([queueClass, list]) => [
      queueClass,
      [...list.filter((entry) => entry.siblingHere), ...list.filter((entry) => !entry.siblingHere)],
    ]),
  );
  // The same class in every slot, only the children within a class reordered.
  return ordered.map((entry) => next.get(entry.queueClass)!.shift()!);
}
