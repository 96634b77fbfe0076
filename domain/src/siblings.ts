import type { SiblingPriorityMode } from './policy.ts';
import { siblingFirstWithinClass } from './allocation.ts';
import { orderQueue, type PriorityRatio, type QueueKey } from './queue.ts';

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
  return siblingFirstWithinClass(
    orderQueue(entries, ratio),
    (entry) => entry.siblingHere,
    siblingPriority,
  );
}
