import {
  compareWithinClass,
  QUEUE_CLASSES,
  WAITING_STATUSES,
  type QueueClass,
} from '@kezek/domain';
import { queueId, type Child } from './model.ts';

/** The waiting children of one queue, each class in its own order (compareWithinClass). */
export type ClassLists = Readonly<Record<QueueClass, readonly Child[]>>;

const EMPTY: ClassLists = { out_of_turn: [], first_priority: [], general: [] };

/** Where `child` stands, or would stand, in its class's list: a binary search on the queue key. */
function indexIn(list: readonly Child[], child: Child): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareWithinClass(list[middle]!, child) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export const isWaiting = (child: Child) => WAITING_STATUSES.includes(child.status);

/**
 * The waiting children of every queue, kept in order as children join, leave and come back
 * (docs/rules.md, "Benefit classes and queue order": the waiting statuses hold a place): a round
 * of turns reads the head of its queue, never sorts it.
 */
export class WaitingQueues {
  private readonly queues = new Map<string, Record<QueueClass, Child[]>>();

  of(districtId: number, groupYear: number): ClassLists {
    return this.queues.get(queueId(districtId, groupYear)) ?? EMPTY;
  }

  add(child: Child): void {
    const id = queueId(child.districtId, child.groupYear);
    let lists = this.queues.get(id);
    if (!lists) {
      lists = Object.fromEntries(QUEUE_CLASSES.map((c) => [c, []])) as unknown as Record<
        QueueClass,
        Child[]
      >;
      this.queues.set(id, lists);
    }
    const list = lists[child.queueClass];
    list.splice(indexIn(list, child), 0, child);
  }

  remove(child: Child): void {
    const list = this.queues.get(queueId(child.districtId, child.groupYear))?.[child.queueClass];
    const index = list ? indexIn(list, child) : -1;
    if (list?.[index] === child) list.splice(index, 1);
  }
}
