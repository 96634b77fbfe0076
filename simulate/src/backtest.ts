import {
  compareWithinClass,
  DEFAULT_POLICY,
  ESTIMATE_MONTHS,
  estimateWait,
  orderQueue,
  type QueueClass,
} from '@kezek/domain';
import { dayOf, makeCity, type CityOptions } from './city.ts';
import { drawFor } from './random.ts';

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** A month of the estimates (server/src/estimates/queries.ts): a twelfth of a Julian year. */
export const MONTH_DAYS = 365.25 / 12;

/** A child of the replayed history: in one queue (district and group year) and class. */
export interface HistoryChild {
  id: number;
  queue: string;
  queueClass: QueueClass;
  registeredAt: Date;
  number: string;
  registeredDay: number;
}

/** A city's history: its children, and each turn given (a child may get several). */
export interface History {
  days: number;
  children: HistoryChild[];
  turns: { child: number; day: number }[];
}

/** What the backtest found (docs/wait-estimates.md, "Backtest"). */
export interface BacktestResult {
  /** Estimates made: every child waiting at the start of every month with a year of history. */
  estimates: number;
  notEnoughHistory: number;
  /** Estimates whose child got a turn before the history ended: the error is known. */
  resolved: number;
  medianAbsoluteErrorMonths: number;
  /** Of the resolved, and of those still waiting past their upper bound: the share inside the bounds. */
  coverage90: number;
  /** Still waiting when the history ended, before their upper bound: left out. */
  censored: number;
}

/**
 * `years` years of the demo city's queues (simulate/src/city.ts: each year a new city's children
 * and releases, its group years a year later), replayed with the rules of a turn in queue order
 * (`orderQueue` of domain/): each place released gives a turn to the next waiting child; the
 * parent takes it, or with 10 % chance lets it pass and keeps its place (docs/simulation.md,
 * "Behaviour"). Free choice and returned places are left out: a turn is what the estimates count.
 */
export function demoHistory(options: CityOptions, years: number): History {
  const children: HistoryChild[] = [];
  const releases: { day: number; queue: string; places: number }[] = [];
  for (let year = 0; year < years; year += 1) {
    // Every year's city starts on YEAR_START: its days are shifted by the year.
    const city = makeCity('demo', { ...options, seed: options.seed + year });
    const shift = year * 365;
    const district = new Map(city.kindergartens.map((k) => [k.id, k.district]));
    for (const child of city.children) {
      const registeredAt = new Date(child.registeredAt.getTime() + shift * 86_400_000);
      children.push({
        id: children.length,
        queue: `${child.district}:${child.groupYear + year}`,
        queueClass: child.queueClass,
        registeredAt,
        number: child.number,
        registeredDay: dayOf(city, registeredAt),
      });
    }
    for (const release of city.releases)
      releases.push({
        day: release.day + shift,
        queue: `${district.get(release.kindergarten)}:${release.groupYear + year}`,
        places: release.places,
      });
  }
  releases.sort((a, b) => a.day - b.day);
  const queues = groupBy(children, (child) => child.queue);
  const placed = new Set<number>();
  const turns: History['turns'] = [];
  for (const release of releases) {
    const waiting = (queues.get(release.queue) ?? []).filter(
      (child) => child.registeredDay <= release.day && !placed.has(child.id),
    );
    for (const child of orderQueue(waiting, DEFAULT_POLICY.firstPriorityRatio).slice(
      0,
      release.places,
    )) {
      turns.push({ child: child.id, day: release.day });
      if (drawFor(options.seed, child.id, release.day) >= 0.1) placed.add(child.id);
    }
  }
  return { days: years * 365, children, turns };
}

const monthOf = (day: number) => Math.floor(day / MONTH_DAYS);

/**
 * Estimates, at the start of each month with a year of history before it, the wait of every
 * child then waiting (registered, without a turn yet), as the server would (the domain's
 * estimateWait over its queue and class's turns of the last twelve months, the children of its
 * class ahead), and compares it with the month of its first turn after.
 */
export function backtest(history: History): BacktestResult {
  const months = monthOf(history.days);
  const firstTurn = new Map<number, number>();
  const turnsByMonth = new Map<string, number[]>();
  const classOf = new Map(history.children.map((child) => [child.id, child]));
  for (const turn of history.turns) {
    if (!firstTurn.has(turn.child)) firstTurn.set(turn.child, turn.day);
    const child = classOf.get(turn.child)!;
    const key = `${child.queue}:${child.queueClass}`;
    const counts = turnsByMonth.get(key) ?? Array<number>(months + 1).fill(0);
    counts[monthOf(turn.day)]! += 1;
    turnsByMonth.set(key, counts);
  }
  const errors: number[] = [];
  let inside = 0;
  let judged = 0;
  let estimates = 0;
  let notEnoughHistory = 0;
  let censored = 0;
  const byClassQueue = groupBy(history.children, (c) => `${c.queue}:${c.queueClass}`);
  for (let month = ESTIMATE_MONTHS; month < months; month += 1) {
    const day = month * MONTH_DAYS;
    for (const [key, members] of byClassQueue) {
      const waiting = members
        .filter((c) => c.registeredDay <= day && (firstTurn.get(c.id) ?? Infinity) >= day)
        .sort(compareWithinClass);
      const last12 = (turnsByMonth.get(key) ?? []).slice(month - ESTIMATE_MONTHS, month);
      while (last12.length < ESTIMATE_MONTHS) last12.push(0);
      waiting.forEach((child, ahead) => {
        estimates += 1;
        const estimate = estimateWait(last12, ahead);
        if (estimate.kind !== 'estimate') {
          notEnoughHistory += 1;
          return;
        }
        const turn = firstTurn.get(child.id);
        const actual = turn === undefined ? undefined : (turn - day) / MONTH_DAYS;
        const left = (history.days - day) / MONTH_DAYS;
        if (actual === undefined && left <= estimate.highMonths) {
          censored += 1;
          return;
        }
        judged += 1;
        if (actual === undefined) return; // waited past its upper bound: outside
        errors.push(Math.abs(actual - estimate.medianMonths));
        if (actual >= estimate.lowMonths && actual <= estimate.highMonths) inside += 1;
      });
    }
  }
  errors.sort((a, b) => a - b);
  return {
    estimates,
    notEnoughHistory,
    resolved: errors.length,
    medianAbsoluteErrorMonths: errors.length ? errors[Math.floor(errors.length / 2)]! : NaN,
    coverage90: judged ? inside / judged : NaN,
    censored,
  };
}
