import {
  DEFAULT_POLICY,
  grantInQueueOrder,
  orderQueue,
  rankedOffers,
  serialDictatorship,
  siblingFirstWithinClass,
  type Allocation,
  type RankedRequest,
  type RegionPolicy,
} from '@kezek/domain';
import type { Child, City, Release } from './city.ts';
import { dayOf } from './city.ts';
import { drawFor } from './random.ts';

/** The policies a run compares (docs/rules.md, "Region policy"). */
export type SimulatedPolicy = Pick<
  RegionPolicy,
  | 'allocation'
  | 'freeChoice'
  | 'siblingPriority'
  | 'turnWindowDays'
  | 'freeChoiceWindowMinutes'
  | 'firstPriorityRatio'
>;

export interface Scenario {
  name: string;
  policy: SimulatedPolicy;
}

const scenario = (name: string, changes: Partial<SimulatedPolicy>): Scenario => ({
  name,
  policy: { ...DEFAULT_POLICY, ...changes },
});

/** The manual first, then each change of issue 17 on top of it. */
export const SCENARIOS: readonly Scenario[] = [
  scenario('manual', {}),
  scenario('choose+batched', { freeChoice: 'batched' }),
  scenario('ranked+first_come', { allocation: 'ranked' }),
  scenario('ranked+batched', { allocation: 'ranked', freeChoice: 'batched' }),
  scenario('ranked+batched+siblings', {
    allocation: 'ranked',
    freeChoice: 'batched',
    siblingPriority: 'within_class',
  }),
];

/** How parents act (docs/simulation.md, "Behaviour"). */
export interface Behaviour {
  /** Chance that a parent lets a turn or an offer pass unanswered (away, changed plans). */
  unanswered: number;
  /** Mean delay, in minutes, before a parent who is not fast asks for a free-choice place. */
  meanDelayMinutes: number;
  /** Seed of the parents' luck: the same for every policy (common random numbers). */
  seed: number;
}

export const DEFAULT_BEHAVIOUR: Omit<Behaviour, 'seed'> = {
  unanswered: 0.1,
  meanDelayMinutes: 240,
};

export interface Outcome {
  scenario: string;
  /** Children registered by the year's end. */
  children: number;
  placed: number;
  placedByTurn: number;
  placedInFreeChoice: number;
  /** Placed at their parents' first choice. */
  firstChoice: number;
  /** Placed at a kindergarten their parents would not have listed (a turn taken for fear of the wait). */
  outsideList: number;
  /** Days from registration to the place, of each child placed. */
  waits: number[];
  freeChoiceGrants: number;
  /** Free-choice places given while a child ahead in the queue, asking in the same window, went without. */
  outOfQueueOrder: number;
  released: number;
  /** Places still free when their batch's turns or offers ended (they went to free choice). */
  emptyAtWindowEnd: number;
  emptyAtYearEnd: number;
  /** Children with a sibling at a kindergarten, and those placed there. */
  withSibling: number;
  placedWithSibling: number;
}

interface Batch {
  release: Release;
  free: number;
  /** The day its turns or offers end and it goes to free choice. */
  windowEnd: number;
  inFreeChoice: boolean;
}

interface Waiter extends Child {
  registeredDay: number;
  placedDay: number | null;
  placedAt: number | null;
  busyUntil: number;
}

const DAYS = 365;
const MINUTES_A_DAY = 1440;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The grants of one free-choice window that went out of queue order: a child ahead in `order`
 * asked for the kindergarten in the same window and got nothing, or something it ranks lower.
 */
export function outOfOrderGrants<C, K>(
  requests: readonly RankedRequest<C, K>[],
  allocation: Allocation<C, K>,
  order: readonly C[],
): number {
  const position = new Map(order.map((child, index) => [child, index]));
  const got = new Map(allocation.assignments.map((a) => [a.child, a.kindergarten]));
  let count = 0;
  for (const { child, kindergarten } of allocation.assignments) {
    const envied = requests.some((other) => {
      if (position.get(other.child)! >= position.get(child)!) return false;
      const wanted = other.ranking.indexOf(kindergarten);
      if (wanted < 0) return false;
      const mine = got.get(other.child);
      return mine === undefined || other.ranking.indexOf(mine) > wanted;
    });
    if (envied) count += 1;
  }
  return count;
}

/** One year of the city's releases under one policy. */
export function simulateYear(
  city: City,
  { name, policy }: Scenario,
  behaviour: Behaviour,
): Outcome {
  const ratio = policy.firstPriorityRatio;
  const window = policy.turnWindowDays;
  const queues = new Map<string, Waiter[]>();
  const queueKey = (district: number, groupYear: number) => `${district}:${groupYear}`;
  const district = new Map(city.kindergartens.map((k) => [k.id, k.district]));
  const waiters: Waiter[] = city.children.map((child) => ({
    ...child,
    registeredDay: dayOf(city, child.registeredAt),
    placedDay: null,
    placedAt: null,
    busyUntil: -Infinity,
  }));
  for (const waiter of waiters) {
    const key = queueKey(waiter.district, waiter.groupYear);
    queues.set(key, [...(queues.get(key) ?? []), waiter]);
  }
  const batches = new Map<string, Batch[]>();
  const outcome: Outcome = {
    scenario: name,
    children: waiters.length,
    placed: 0,
    placedByTurn: 0,
    placedInFreeChoice: 0,
    firstChoice: 0,
    outsideList: 0,
    waits: [],
    freeChoiceGrants: 0,
    outOfQueueOrder: 0,
    released: 0,
    emptyAtWindowEnd: 0,
    emptyAtYearEnd: 0,
    withSibling: waiters.filter((w) => w.siblingAt.length > 0).length,
    placedWithSibling: 0,
  };
  const unanswered = (child: Waiter, event: number) =>
    drawFor(behaviour.seed, child.id, event, 1) < behaviour.unanswered;

  const place = (child: Waiter, batch: Batch, day: number, by: 'turn' | 'free') => {
    if (batch.free <= 0) throw new Error('A place given twice');
    batch.free -= 1;
    const kindergarten = batch.release.kindergarten;
    child.placedDay = day;
    child.placedAt = kindergarten;
    outcome.placed += 1;
    if (by === 'turn') outcome.placedByTurn += 1;
    else outcome.placedInFreeChoice += 1;
    if (child.acceptable[0] === kindergarten) outcome.firstChoice += 1;
    if (!child.acceptable.includes(kindergarten)) outcome.outsideList += 1;
    if (child.siblingAt.includes(kindergarten)) outcome.placedWithSibling += 1;
    outcome.waits.push(day - child.registeredDay);
  };
  const batchWithPlace = (list: readonly Batch[], kindergarten: number) =>
    list.find((b) => b.release.kindergarten === kindergarten && b.free > 0)!;
  /** Waiting children of a queue on `day`: registered, not placed, on no turn or offer. */
  const waitingOn = (queue: readonly Waiter[], day: number) =>
    queue.filter((c) => c.registeredDay <= day && c.placedDay === null && c.busyUntil <= day);

  const choose = (queue: Waiter[], batch: Batch, day: number) => {
    const kindergarten = batch.release.kindergarten;
    const order = siblingFirstWithinClass(
      orderQueue(waitingOn(queue, day), ratio),
      (c) => c.siblingAt.includes(kindergarten),
      policy.siblingPriority,
    );
    const turns = order.slice(0, batch.free);
    for (const child of turns) {
      const takes =
        !unanswered(child, batch.release.id) &&
        (child.acceptable.includes(kindergarten) || child.flexible);
      if (takes) place(child, batch, day + 1, 'turn');
      else child.busyUntil = day + window;
    }
    batch.windowEnd = turns.length === 0 ? day : day + window;
  };

  const offer = (queue: Waiter[], today: Batch[], day: number) => {
    const places = new Map<number, number>();
    for (const b of today) {
      const k = b.release.kindergarten;
      places.set(k, (places.get(k) ?? 0) + b.free);
    }
    let candidates = orderQueue(waitingOn(queue, day), ratio);
    let level = 0;
    for (;;) {
      const { assignments, left } = rankedOffers(candidates, places, policy.siblingPriority);
      if (assignments.length === 0) break;
      const answered = new Set<Waiter>();
      const passed = new Set<Waiter>();
      for (const { child, kindergarten } of assignments) {
        // An offer made after a passed one waits for that one's window (offers go on in turn).
        if (unanswered(child, today[0]!.release.id)) {
          passed.add(child);
          child.busyUntil = day + window * (level + 1);
        } else {
          answered.add(child);
          place(child, batchWithPlace(today, kindergarten), day + 1 + level * window, 'turn');
        }
      }
      for (const [k, n] of left) places.set(k, n);
      for (const { child, kindergarten } of assignments) {
        if (passed.has(child)) places.set(kindergarten, places.get(kindergarten)! + 1);
      }
      candidates = candidates.filter((c) => !answered.has(c) && !passed.has(c));
      level += 1;
      if (passed.size === 0) break;
    }
    // Places nobody ranked go to free choice at once, the rest when the last offers' windows end.
    for (const b of today) b.windowEnd = day + window * level;
  };

  const freeChoiceRound = (queue: Waiter[], open: Batch[], day: number) => {
    const places = new Map<number, number>();
    for (const b of open) {
      const k = b.release.kindergarten;
      places.set(k, (places.get(k) ?? 0) + b.free);
    }
    // Children on a turn may ask too (docs/rules.md, "Choosing").
    const askers = queue.filter((c) => c.registeredDay <= day && c.placedDay === null);
    const requests: (RankedRequest<Waiter, number> & { minute: number })[] = [];
    for (const child of askers) {
      const ranking = child.acceptable.filter((k) => (places.get(k) ?? 0) > 0);
      if (ranking.length === 0) continue;
      const luck = drawFor(behaviour.seed, child.id, day, 2);
      const minute = child.fast ? luck * 2 : -behaviour.meanDelayMinutes * Math.log(1 - luck);
      if (minute < MINUTES_A_DAY) requests.push({ child, ranking, minute });
    }
    const split = policy.freeChoiceWindowMinutes;
    for (const inWindow of [
      requests.filter((r) => r.minute < split),
      requests.filter((r) => r.minute >= split),
    ]) {
      if (inWindow.length === 0) continue;
      const order = orderQueue(
        inWindow.map((r) => r.child),
        ratio,
      );
      const allocation =
        policy.freeChoice === 'batched'
          ? grantInQueueOrder(inWindow, places, order)
          : serialDictatorship(
              [...inWindow].sort((a, b) => a.minute - b.minute),
              places,
            );
      outcome.outOfQueueOrder += outOfOrderGrants(inWindow, allocation, order);
      outcome.freeChoiceGrants += allocation.assignments.length;
      for (const { child, kindergarten } of allocation.assignments) {
        place(child, batchWithPlace(open, kindergarten), day, 'free');
      }
      for (const [k, n] of allocation.left) places.set(k, n);
    }
  };

  let next = 0;
  for (let day = 0; day < DAYS; day += 1) {
    for (const list of batches.values()) {
      for (const batch of list) {
        if (!batch.inFreeChoice && batch.windowEnd <= day) {
          batch.inFreeChoice = true;
          outcome.emptyAtWindowEnd += batch.free;
        }
      }
    }
    const today = new Map<string, Batch[]>();
    while (next < city.releases.length && city.releases[next]!.day === day) {
      const release = city.releases[next++]!;
      const key = queueKey(district.get(release.kindergarten)!, release.groupYear);
      const batch: Batch = {
        release,
        free: release.places,
        windowEnd: Infinity,
        inFreeChoice: false,
      };
      outcome.released += release.places;
      batches.set(key, [...(batches.get(key) ?? []), batch]);
      today.set(key, [...(today.get(key) ?? []), batch]);
    }
    for (const [key, list] of today) {
      const queue = queues.get(key) ?? [];
      if (policy.allocation === 'choose') for (const batch of list) choose(queue, batch, day);
      else offer(queue, list, day);
      // A batch that gave no turn opens to free choice at once (docs/rules.md).
      for (const batch of list) {
        if (batch.windowEnd <= day && !batch.inFreeChoice) {
          batch.inFreeChoice = true;
          outcome.emptyAtWindowEnd += batch.free;
        }
      }
    }
    for (const [key, list] of batches) {
      const open = list.filter((b) => b.inFreeChoice && b.free > 0);
      if (open.length > 0) freeChoiceRound(queues.get(key) ?? [], open, day);
    }
  }
  for (const list of batches.values()) {
    for (const batch of list) outcome.emptyAtYearEnd += batch.free;
  }
  outcome.children = waiters.filter((w) => w.registeredDay < DAYS).length;
  return outcome;
}
