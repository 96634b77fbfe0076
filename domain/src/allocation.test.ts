import { describe, expect, it } from 'vitest';
import {
  batchOffers,
  deferredAcceptance,
  grantInQueueOrder,
  rankedOffers,
  serialDictatorship,
  siblingFirstWithinClass,
  type Allocation,
  type RankedRequest,
} from './allocation.ts';
import type { QueueClass } from './queue.ts';

type Request = RankedRequest<string, string>;
const req = (child: string, ...ranking: string[]): Request => ({ child, ranking });
const places = (counts: Partial<Record<string, number>>) =>
  new Map(
    Object.entries(counts).flatMap(([k, n]): [string, number][] =>
      n === undefined ? [] : [[k, n]],
    ),
  );
const given = (allocation: Allocation<string, string>) =>
  Object.fromEntries(allocation.assignments.map((a) => [a.child, a.kindergarten]));

/** Every ranking of at most `length` kindergartens out of `all` (a child's possible reports). */
function reports(all: readonly string[], length: number): string[][] {
  const out: string[][] = [[]];
  const grow = (prefix: string[]) => {
    if (prefix.length === length) return;
    for (const k of all) {
      if (prefix.includes(k)) continue;
      const next = [...prefix, k];
      out.push(next);
      grow(next);
    }
  };
  grow([]);
  return out;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** How a child with true ranking `truth` values getting `k`: its rank, or past the end. */
const worth = (truth: readonly string[], k: string | undefined) =>
  k === undefined || !truth.includes(k) ? truth.length : truth.indexOf(k);

describe('serialDictatorship', () => {
  it.each([
    {
      case: 'each child its first choice when there is room',
      requests: [req('c1', 'A', 'B'), req('c2', 'B', 'A')],
      places: { A: 1, B: 1 },
      expected: { c1: 'A', c2: 'B' },
      left: { A: 0, B: 0 },
    },
    {
      case: 'a child whose first choice is full gets its second',
      requests: [req('c1', 'A'), req('c2', 'A', 'B'), req('c3', 'A', 'B')],
      places: { A: 1, B: 1 },
      expected: { c1: 'A', c2: 'B' },
      left: { A: 0, B: 0 },
    },
    {
      case: 'a child whose ranked kindergartens are all full gets nothing',
      requests: [req('c1', 'A'), req('c2', 'A')],
      places: { A: 1, B: 3 },
      expected: { c1: 'A' },
      left: { A: 0, B: 3 },
    },
    {
      case: 'queue order decides, not the ranking',
      requests: [req('late', 'B', 'A'), req('early', 'B')],
      places: { A: 1, B: 1 },
      expected: { late: 'B' },
      left: { A: 1, B: 0 },
    },
    {
      case: 'an empty ranking (a declined offer) passes the child by',
      requests: [req('c1'), req('c2', 'A')],
      places: { A: 1 },
      expected: { c2: 'A' },
      left: { A: 0 },
    },
    {
      case: 'a kindergarten without places in the map has none',
      requests: [req('c1', 'X', 'A')],
      places: { A: 2 },
      expected: { c1: 'A' },
      left: { A: 1 },
    },
  ])('$case', ({ requests, places: counts, expected, left }) => {
    const allocation = serialDictatorship(requests, places(counts));
    expect(given(allocation)).toEqual(expected);
    expect(Object.fromEntries(allocation.left)).toEqual(left);
  });

  it('does not change the places it is given', () => {
    const counts = places({ A: 1 });
    serialDictatorship([req('c1', 'A')], counts);
    expect(counts.get('A')).toBe(1);
  });

  it.each([
    { case: 'a child twice', requests: [req('c1', 'A'), req('c1', 'B')], places: { A: 1, B: 1 } },
    { case: 'negative places', requests: [req('c1', 'A')], places: { A: -1 } },
    { case: 'a fraction of a place', requests: [req('c1', 'A')], places: { A: 0.5 } },
  ])('refuses $case', ({ requests, places: counts }) => {
    expect(() => serialDictatorship(requests, places(counts))).toThrow(RangeError);
  });

  it.each([
    {
      case: 'three children, two kindergartens, one place each',
      truths: [req('c1', 'A', 'B'), req('c2', 'A', 'B'), req('c3', 'B', 'A')],
      places: { A: 1, B: 1 },
    },
    {
      case: 'two places at the popular one',
      truths: [req('c1', 'B', 'A', 'C'), req('c2', 'A', 'C'), req('c3', 'A', 'B')],
      places: { A: 2, B: 0, C: 1 },
    },
  ])('no child gains by misreporting: $case', ({ truths, places: counts }) => {
    const all = Object.keys(counts);
    const honest = given(serialDictatorship(truths, places(counts)));
    truths.forEach((truth, i) => {
      for (const lie of reports(all, all.length)) {
        const reported = truths.map((t, j) => (j === i ? { ...t, ranking: lie } : t));
        const got = given(serialDictatorship(reported, places(counts)))[truth.child];
        expect(worth(truth.ranking, got)).toBeGreaterThanOrEqual(
          worth(truth.ranking, honest[truth.child]),
        );
      }
    });
  });
});

describe('deferredAcceptance', () => {
  it('gives what serial dictatorship gives when every kindergarten has the queue order', () => {
    const requests = [
      req('c1', 'A', 'B'),
      req('c2', 'A', 'C'),
      req('c3', 'B', 'A'),
      req('c4', 'B', 'C'),
      req('c5', 'C'),
    ];
    const counts = places({ A: 1, B: 1, C: 1 });
    const queue = requests.map((r) => r.child);
    expect(given(deferredAcceptance(requests, counts, () => queue))).toEqual(
      given(serialDictatorship(requests, counts)),
    );
  });

  it.each([
    {
      case: "a sibling first at its sibling's kindergarten",
      requests: [req('c1', 'A', 'B'), req('sib', 'A', 'B')],
      places: { A: 1, B: 1 },
      priority: { A: ['sib', 'c1'], B: ['c1', 'sib'] },
      expected: { sib: 'A', c1: 'B' },
    },
    {
      case: 'a child displaced by a sibling proposes on, and displaces a later child',
      requests: [req('c1', 'A', 'B'), req('c2', 'B'), req('sib', 'A')],
      places: { A: 1, B: 1 },
      priority: { A: ['sib', 'c1', 'c2'], B: ['c1', 'c2', 'sib'] },
      expected: { sib: 'A', c1: 'B' },
    },
    {
      case: 'children the order does not list come after, in request order',
      requests: [req('c1', 'A'), req('c2', 'A'), req('c3', 'A')],
      places: { A: 2 },
      priority: { A: ['c3'] },
      expected: { c1: 'A', c3: 'A' },
    },
  ])('$case', ({ requests, places: counts, priority, expected }) => {
    const order = (k: string) => (priority as Record<string, string[]>)[k] ?? [];
    expect(given(deferredAcceptance(requests, places(counts), order))).toEqual(expected);
  });

  it('no child gains by misreporting under sibling priority', () => {
    const truths = [req('c1', 'A', 'B', 'C'), req('c2', 'A', 'C'), req('sib', 'B', 'A')];
    const counts = places({ A: 1, B: 1, C: 1 });
    const priority: Record<string, string[]> = {
      A: ['c1', 'c2', 'sib'],
      B: ['sib', 'c1', 'c2'],
      C: ['c1', 'c2', 'sib'],
    };
    const order = (k: string) => priority[k]!;
    const honest = given(deferredAcceptance(truths, counts, order));
    truths.forEach((truth, i) => {
      for (const lie of reports(['A', 'B', 'C'], 3)) {
        const reported = truths.map((t, j) => (j === i ? { ...t, ranking: lie } : t));
        const got = given(deferredAcceptance(reported, counts, order))[truth.child];
        expect(worth(truth.ranking, got)).toBeGreaterThanOrEqual(
          worth(truth.ranking, honest[truth.child]),
        );
      }
    });
  });
});

describe('grantInQueueOrder', () => {
  const queue = ['q1', 'q2', 'q3', 'q4'];
  const requests = [req('q4', 'A'), req('q2', 'A', 'B'), req('q3', 'B'), req('q1', 'A')];

  it('grants in queue order, whatever the order of arrival', () => {
    for (const arrival of permutations(requests)) {
      expect(given(grantInQueueOrder(arrival, places({ A: 2, B: 1 }), queue))).toEqual({
        q1: 'A',
        q2: 'A',
        q3: 'B',
      });
    }
  });

  it('gives the next in queue order the second choice when the first is gone', () => {
    expect(given(grantInQueueOrder(requests, places({ A: 1, B: 1 }), queue))).toEqual({
      q1: 'A',
      q2: 'B',
    });
  });

  it('refuses a request from a child not in the queue', () => {
    expect(() => grantInQueueOrder([req('x', 'A')], places({ A: 1 }), queue)).toThrow(RangeError);
  });
});

describe('siblingFirstWithinClass', () => {
  const e = (name: string, queueClass: QueueClass, sibling = false) => ({
    name,
    queueClass,
    sibling,
  });
  it.each([
    {
      case: 'a general child with a sibling goes first among general children only',
      ordered: [
        e('O1', 'out_of_turn'),
        e('F1', 'first_priority'),
        e('G1', 'general'),
        e('G2', 'general', true),
      ],
      expected: ['O1', 'F1', 'G2', 'G1'],
    },
    {
      case: 'the classes keep their slots (1:3 blocks)',
      ordered: [
        e('F1', 'first_priority'),
        e('G1', 'general'),
        e('G2', 'general'),
        e('G3', 'general'),
        e('F2', 'first_priority', true),
        e('G4', 'general', true),
      ],
      expected: ['F2', 'G4', 'G1', 'G2', 'F1', 'G3'],
    },
    {
      case: 'siblings keep their queue order among themselves',
      ordered: [e('G1', 'general'), e('G2', 'general', true), e('G3', 'general', true)],
      expected: ['G2', 'G3', 'G1'],
    },
    {
      case: 'a sibling never passes a higher class',
      ordered: [e('O1', 'out_of_turn'), e('G1', 'general', true)],
      expected: ['O1', 'G1'],
    },
  ])('$case', ({ ordered, expected }) => {
    expect(siblingFirstWithinClass(ordered, (x) => x.sibling).map((x) => x.name)).toEqual(expected);
  });

  it('leaves the order as it is with sibling priority off', () => {
    const ordered = [e('G1', 'general'), e('G2', 'general', true)];
    expect(siblingFirstWithinClass(ordered, (x) => x.sibling, 'off')).toEqual(ordered);
  });
});

describe('rankedOffers', () => {
  const child = (
    name: string,
    queueClass: QueueClass,
    ranking: string[],
    siblingAt: string[] = [],
  ) => ({
    name,
    queueClass,
    ranking,
    siblingAt,
  });
  const names = (allocation: Allocation<{ name: string }, string>) =>
    Object.fromEntries(allocation.assignments.map((a) => [a.child.name, a.kindergarten]));
  const ordered = [
    child('G1', 'general', ['A', 'B']),
    child('G2', 'general', ['A', 'B'], ['A']),
    child('G3', 'general', ['B']),
  ];

  it.each([
    { mode: 'off' as const, expected: { G1: 'A', G2: 'B' } },
    { mode: 'within_class' as const, expected: { G2: 'A', G1: 'B' } },
  ])('sibling priority $mode', ({ mode, expected }) => {
    expect(names(rankedOffers(ordered, places({ A: 1, B: 1 }), mode))).toEqual(expected);
  });

  it('a sibling does not pass a child of a higher class', () => {
    const withBenefit = [child('F1', 'first_priority', ['A']), ordered[1]!];
    expect(names(rankedOffers(withBenefit, places({ A: 1 }), 'within_class'))).toEqual({
      F1: 'A',
    });
  });
});

describe('batchOffers: a ranked round over batches of places', () => {
  const waiting = (child: string, ranking: string[], ...passed: string[]) => ({
    child,
    ranking,
    passed,
  });
  const batch = (id: string, kindergarten: string, count: number) => ({
    batch: id,
    kindergarten,
    count,
  });
  it.each([
    {
      case: 'each child the first batch of its best kindergarten with a place',
      ordered: [waiting('c1', ['A', 'B']), waiting('c2', ['A']), waiting('c3', ['A', 'B'])],
      batches: [batch('a1', 'A', 1), batch('a2', 'A', 1), batch('b1', 'B', 1)],
      expected: { c1: 'a1', c2: 'a2', c3: 'b1' },
    },
    {
      case: 'a child who let the turn pass is passed by: the next child gets the place',
      ordered: [waiting('c1', ['A'], 'a1'), waiting('c2', ['A'])],
      batches: [batch('a1', 'A', 1)],
      expected: { c2: 'a1' },
    },
    {
      case: 'a child who let one batch of a kindergarten pass gets its next kindergarten',
      ordered: [waiting('c1', ['A', 'B'], 'a1'), waiting('c2', ['A'])],
      batches: [batch('a1', 'A', 1), batch('a2', 'A', 1), batch('b1', 'B', 1)],
      expected: { c1: 'b1', c2: 'a1' },
    },
    {
      case: 'a pass on a batch outside the round counts for nothing',
      ordered: [waiting('c1', ['A'], 'old'), waiting('c2', ['A'])],
      batches: [batch('a1', 'A', 1)],
      expected: { c1: 'a1' },
    },
    {
      case: 'nobody left who ranked the kindergarten',
      ordered: [waiting('c1', ['B'])],
      batches: [batch('a1', 'A', 2)],
      expected: {},
    },
  ])('$case', ({ ordered, batches, expected }) => {
    const offers = batchOffers(ordered, batches);
    expect(Object.fromEntries(offers.map((offer) => [offer.child, offer.batch]))).toEqual(expected);
  });
});
