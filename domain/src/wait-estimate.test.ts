import { describe, expect, it } from 'vitest';
import { estimateWait, type WaitEstimate } from './wait-estimate.ts';

const steady = Array<number>(12).fill(2);
const quarterly = [10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0];

// Worked by hand (docs/wait-estimates.md): n = ahead + 1, μ the monthly mean, σ² = max(s², μ),
// median m = n/μ; the process's bounds t = x² with x = (∓1.6449σ + √(1.6449²σ² + 4μn)) / 2μ,
// each widened by the mean's own error w = 1.6449·m·σ / (μ√12): m ∓ hypot(m − t, w).
const CASES: { name: string; months: number[]; ahead: number; expected: WaitEstimate }[] = [
  {
    // μ = 2, s² = 0 → σ² = 2; n = 12: median 6; x = (∓2.3262 + 10.0703) / 4 → t 3.75 and 9.60;
    // w = 2.01: 6 − 3.02 = 2.98 and 6 + 4.13 = 10.13.
    name: 'two turns every month, 11 ahead',
    months: steady,
    ahead: 11,
    expected: { kind: 'estimate', turns: 24, medianMonths: 6, lowMonths: 2, highMonths: 11 },
  },
  {
    // n = 1: median 0.5 rounds to 1 (half up); x = (∓2.3262 + 3.6621) / 4 → t 0.11 and 2.24;
    // w = 0.17: 0.5 − 0.42 = 0.08 and 0.5 + 1.75 = 2.25.
    name: 'two turns every month, first in line',
    months: steady,
    ahead: 0,
    expected: { kind: 'estimate', turns: 24, medianMonths: 1, lowMonths: 0, highMonths: 3 },
  },
  {
    // μ = 2.5, s² = 225 / 11 = 20.45, σ = 4.523; n = 5: median 2; x = (∓7.439 + 10.264) / 5
    // → t 0.32 and 12.54; w = 1.72: 2 − 2.40 < 0 and 2 + 10.67 = 12.67: a bursty history widens
    // the interval.
    name: 'ten turns a quarter, 4 ahead',
    months: quarterly,
    ahead: 4,
    expected: { kind: 'estimate', turns: 30, medianMonths: 2, lowMonths: 0, highMonths: 13 },
  },
  {
    name: 'turns in only two of the twelve months',
    months: [15, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0],
    ahead: 3,
    expected: { kind: 'not_enough_history', turns: 24 },
  },
  {
    name: 'no turns at all',
    months: Array<number>(12).fill(0),
    ahead: 0,
    expected: { kind: 'not_enough_history', turns: 0 },
  },
];

describe('estimateWait', () => {
  it.each(CASES)('$name', ({ months, ahead, expected }) => {
    expect(estimateWait(months, ahead)).toEqual(expected);
  });

  it('waits longer the more children are ahead, and never below its lower bound', () => {
    const waits = [0, 5, 20, 80].map((ahead) => estimateWait(quarterly, ahead));
    const medians = waits.map((w) => (w.kind === 'estimate' ? w.medianMonths : NaN));
    expect(medians).toEqual([...medians].sort((a, b) => a - b));
    for (const w of waits) {
      if (w.kind !== 'estimate') throw new Error('expected an estimate');
      expect(w.lowMonths).toBeLessThanOrEqual(w.medianMonths);
      expect(w.medianMonths).toBeLessThanOrEqual(w.highMonths);
    }
  });
});
