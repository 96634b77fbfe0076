import { describe, expect, it } from 'vitest';
import { backtest, demoHistory, type History, type HistoryChild } from './backtest.ts';

const START = new Date('2026-01-01T00:00:00+05:00');

/** `count` children of one queue and class, all waiting from day 0, in this order. */
function waiting(count: number): HistoryChild[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    queue: '0:2022',
    queueClass: 'general',
    registeredAt: new Date(START.getTime() + id * 60_000),
    number: String(id).padStart(6, '0'),
    registeredDay: 0,
  }));
}

describe('backtest', () => {
  it('finds a steady queue’s turns where it said, within a month', () => {
    // A turn every 15 days, in queue order, for four years: the rate the estimates read holds.
    const children = waiting(100);
    const history: History = {
      days: 4 * 365,
      children,
      turns: children.map((child) => ({ child: child.id, day: child.id * 15 })),
    };
    const result = backtest(history);
    expect(result.notEnoughHistory).toBe(0);
    expect(result.resolved).toBeGreaterThan(0);
    expect(result.medianAbsoluteErrorMonths).toBeLessThan(1);
    expect(result.coverage90).toBeGreaterThanOrEqual(0.9);
  });

  it('makes no estimate from turns in two months a year', () => {
    const children = waiting(40);
    const history: History = {
      days: 3 * 365,
      children,
      // Ten turns each 1 March and 1 September.
      turns: children.map((child) => ({
        child: child.id,
        day: Math.floor(child.id / 10) * 182 + 59,
      })),
    };
    const result = backtest(history);
    expect(result.estimates).toBeGreaterThan(0);
    expect(result.notEnoughHistory).toBe(result.estimates);
  });

  it('replays the demo city: a turn for each place, in queue order, each child placed once', () => {
    const history = demoHistory({ seed: 7, children: 400, supply: 0.6 }, 2);
    expect(history.children).toHaveLength(800);
    const placesReleased = 2 * Math.round(400 * 0.6);
    // A turn let pass keeps the child waiting, and its place is not given again here.
    expect(history.turns.length).toBeLessThanOrEqual(placesReleased);
    expect(history.turns.length).toBeGreaterThan(placesReleased * 0.8);
    const result = backtest(history);
    expect(result.coverage90).toBeGreaterThan(0);
    expect(result.coverage90).toBeLessThanOrEqual(1);
  });
});
