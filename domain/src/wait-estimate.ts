/**
 * Wait estimates (issue 18 item 6; the method and its backtest: docs/wait-estimates.md). A
 * waiting child needs `ahead + 1` more turns in its class. The turns its class got in each of the
 * last months are taken as draws of a stationary process: over t months about μ·t turns come, with
 * a variance of σ²·t (the renewal central limit theorem), σ² the months' sample variance but never
 * below μ (no steadier than a Poisson process: twelve months that happen to be alike must not
 * promise a day). The median wait is n/μ; the process's 90 % bounds are the t at which the turns
 * due by then are reached with 5 % and 95 % probability under the normal approximation, each then
 * widened by the error of μ itself (read from twelve months only; the delta method). The backtest
 * on the demo city's history (simulate/src/backtest.ts) found the bounds too narrow without it.
 */

/** The months of history an estimate uses. */
export const ESTIMATE_MONTHS = 12;
/** Fewer months with a turn than this is "not enough history": no rate can be read from it. */
export const MIN_MONTHS_WITH_TURNS = 3;
/** The standard normal's 95th percentile: the 90 % interval's bounds are its 5th and 95th. */
const Z95 = 1.6448536;

export type WaitEstimate =
  | { kind: 'not_enough_history'; turns: number }
  | {
      kind: 'estimate';
      /** Turns in the months given, the basis the parent is told. */
      turns: number;
      /** Months from now, whole: the median rounded, the lower bound down, the upper up. */
      medianMonths: number;
      lowMonths: number;
      highMonths: number;
    };

/**
 * The months until a child with `ahead` children ahead of it in its class gets its turn, from the
 * turns its class got in each of the last months (`monthlyTurns`, any order).
 */
export function estimateWait(monthlyTurns: readonly number[], ahead: number): WaitEstimate {
  const turns = monthlyTurns.reduce((sum, count) => sum + count, 0);
  if (monthlyTurns.filter((count) => count > 0).length < MIN_MONTHS_WITH_TURNS)
    return { kind: 'not_enough_history', turns };
  const months = monthlyTurns.length;
  const mean = turns / months;
  const variance = monthlyTurns.reduce((sum, count) => sum + (count - mean) ** 2, 0) / (months - 1);
  const sigma = Math.sqrt(Math.max(variance, mean));
  const needed = ahead + 1;
  // μx² + zσx − n = 0 with x = √t: the months by which the turns reach n with probability 1 − Φ(z).
  const monthsAt = (z: number) => {
    const x = (-z * sigma + Math.sqrt(z * z * sigma * sigma + 4 * mean * needed)) / (2 * mean);
    return x * x;
  };
  const median = needed / mean;
  // The mean itself is read from `months` months: its standard error σ/√months moves the median
  // by median·σ/(μ√months) (the delta method), added to each side in quadrature.
  const spread = (Z95 * median * sigma) / (mean * Math.sqrt(months));
  const widen = (bound: number) => Math.hypot(bound - median, spread);
  return {
    kind: 'estimate',
    turns,
    medianMonths: Math.round(median),
    lowMonths: Math.max(0, Math.floor(median - widen(monthsAt(Z95)))),
    highMonths: Math.ceil(median + widen(monthsAt(-Z95))),
  };
}
