import { describe, expect, it } from 'vitest';
import { serialDictatorship } from '@kezek/domain';
import { makeCity } from './city.ts';
import { DEFAULT_BEHAVIOUR, SCENARIOS, outOfOrderGrants, simulateYear } from './engine.ts';
import { resultsTable } from './report.ts';

const seed = 7;
const city = makeCity('generated', { seed, children: 600, supply: 0.6 });
const outcomes = new Map(
  SCENARIOS.map((s) => [s.name, simulateYear(city, s, { ...DEFAULT_BEHAVIOUR, seed })]),
);
const outcome = (name: string) => outcomes.get(name)!;

describe('simulateYear on a small generated city', () => {
  it('gives no free-choice place out of queue order when free choice is batched', () => {
    for (const name of ['choose+batched', 'ranked+batched', 'ranked+batched+siblings']) {
      expect(outcome(name).freeChoiceGrants).toBeGreaterThan(0);
      expect(outcome(name).outOfQueueOrder).toBe(0);
    }
  });

  it('gives free-choice places out of queue order first come first served, fast parents first', () => {
    expect(outcome('manual').outOfQueueOrder).toBeGreaterThan(0);
  });

  it('places at least as many children in their first choice ranked as by choosing', () => {
    const share = (name: string) => outcome(name).firstChoice / outcome(name).placed;
    expect(share('ranked+batched')).toBeGreaterThanOrEqual(share('manual'));
    expect(share('ranked+batched+siblings')).toBeGreaterThanOrEqual(share('ranked+batched'));
  });

  it('leaves fewer places empty at the end of the windows ranked than by choosing', () => {
    expect(outcome('ranked+batched').emptyAtWindowEnd).toBeLessThan(
      outcome('manual').emptyAtWindowEnd,
    );
  });

  it('places more siblings with their sibling under sibling priority', () => {
    expect(outcome('ranked+batched+siblings').placedWithSibling).toBeGreaterThan(
      outcome('ranked+batched').placedWithSibling,
    );
  });

  it('adds up: every place released is taken or left empty, every child placed once', () => {
    for (const o of outcomes.values()) {
      expect(o.released).toBe(city.releases.reduce((sum, r) => sum + r.places, 0));
      expect(o.placed + o.emptyAtYearEnd).toBe(o.released);
      expect(o.placedByTurn + o.placedInFreeChoice).toBe(o.placed);
      expect(o.waits).toHaveLength(o.placed);
      expect(o.placed).toBeLessThanOrEqual(o.children);
      expect(o.emptyAtYearEnd).toBeLessThanOrEqual(o.emptyAtWindowEnd);
      expect(o.waits.every((w) => w >= 0)).toBe(true);
    }
  });

  it('repeats itself for the same seed', () => {
    const again = makeCity('generated', { seed, children: 600, supply: 0.6 });
    expect(simulateYear(again, SCENARIOS[0]!, { ...DEFAULT_BEHAVIOUR, seed })).toEqual(
      outcome('manual'),
    );
  });

  it('runs on the demo city and prints one column per policy', () => {
    const demo = makeCity('demo', { seed, children: 300, supply: 0.5 });
    expect(demo.kindergartens.length).toBeGreaterThan(20);
    const table = resultsTable(
      SCENARIOS.map((s) => simulateYear(demo, s, { ...DEFAULT_BEHAVIOUR, seed })),
    );
    for (const s of SCENARIOS) expect(table).toContain(s.name);
    expect(table).toContain('out of queue order');
  });
});

describe('outOfOrderGrants', () => {
  const req = (child: string, ...ranking: string[]) => ({ child, ranking });
  const queue = ['q1', 'q2', 'q3'];
  it.each([
    {
      case: 'granted in queue order: none',
      arrival: [req('q1', 'A'), req('q2', 'A'), req('q3', 'B')],
      places: { A: 1, B: 1 },
      expected: 0,
    },
    {
      case: 'a later child first at the only place: one',
      arrival: [req('q2', 'A'), req('q1', 'A')],
      places: { A: 1 },
      expected: 1,
    },
    {
      case: 'the child ahead got its better choice: none',
      arrival: [req('q2', 'B'), req('q1', 'A', 'B')],
      places: { A: 1, B: 1 },
      expected: 0,
    },
    {
      case: 'the child ahead got only its second choice: one',
      arrival: [req('q2', 'A'), req('q1', 'A', 'B')],
      places: { A: 1, B: 1 },
      expected: 1,
    },
  ])('$case', ({ arrival, places, expected }) => {
    const allocation = serialDictatorship(arrival, new Map(Object.entries(places)));
    expect(outOfOrderGrants(arrival, allocation, queue)).toBe(expected);
  });
});
