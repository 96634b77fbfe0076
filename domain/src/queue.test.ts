import { describe, expect, it } from 'vitest';
import {
  nextInterleavedClass,
  orderQueue,
  queuePosition,
  type ClassCounts,
  type QueueClass,
  type QueueKey,
} from './queue.ts';
import { printedBenefitQueueNumber } from './queue.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const entry = (queueClass: QueueClass, minute: number, number: string): QueueKey => ({
  queueClass,
  registeredAt: at(minute),
  number,
});
const names = (entries: QueueKey[]) => entries.map((e) => e.number);

describe('orderQueue', () => {
  it.each([
    {
      case: 'out-of-turn first, whatever their instant',
      entries: [
        entry('general', 1, 'G1'),
        entry('out_of_turn', 9, 'O1'),
        entry('first_priority', 2, 'F1'),
      ],
      expected: ['O1', 'F1', 'G1'],
    },
    {
      case: 'first-priority and general interleaved 1:3',
      entries: [
        ...[1, 2, 3, 4, 5, 6, 7].map((m) => entry('general', m, `G${m}`)),
        entry('first_priority', 20, 'F1'),
        entry('first_priority', 21, 'F2'),
        entry('first_priority', 22, 'F3'),
      ],
      expected: ['F1', 'G1', 'G2', 'G3', 'F2', 'G4', 'G5', 'G6', 'F3', 'G7'],
    },
    {
      case: 'general children continue when first-priority ones run out',
      entries: [
        entry('first_priority', 5, 'F1'),
        ...[1, 2, 3, 4, 5].map((m) => entry('general', m, `G${m}`)),
      ],
      expected: ['F1', 'G1', 'G2', 'G3', 'G4', 'G5'],
    },
    {
      case: 'first-priority children continue when general ones run out',
      entries: [
        entry('general', 1, 'G1'),
        ...[1, 2, 3].map((m) => entry('first_priority', m, `F${m}`)),
      ],
      expected: ['F1', 'G1', 'F2', 'F3'],
    },
    {
      case: 'equal instants are ordered by number',
      entries: [
        entry('general', 1, 'UO.2026.000003.1'),
        entry('general', 1, 'UO.2026.000001.1'),
        entry('general', 0, 'UO.2026.000009.1'),
      ],
      expected: ['UO.2026.000009.1', 'UO.2026.000001.1', 'UO.2026.000003.1'],
    },
  ])('$case', ({ entries, expected }) => {
    expect(names(orderQueue(entries, [1, 3]))).toEqual(expected);
  });

  it('follows another ratio (2:1)', () => {
    const entries = [
      ...[1, 2, 3].map((m) => entry('general', m, `G${m}`)),
      ...[1, 2, 3, 4].map((m) => entry('first_priority', m, `F${m}`)),
    ];
    expect(names(orderQueue(entries, [2, 1]))).toEqual(['F1', 'F2', 'G1', 'F3', 'F4', 'G2', 'G3']);
  });
});

/** A deterministic pseudo-random queue: same seed, same queue. */
function randomQueue(seed: number, size: number, firstShare = 0.25): QueueKey[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: size }, (_, i) => {
    const roll = next();
    const queueClass: QueueClass =
      roll < 0.05 ? 'out_of_turn' : roll < 0.05 + firstShare ? 'first_priority' : 'general';
    return entry(queueClass, Math.floor(next() * 50), `N${String(i).padStart(4, '0')}`);
  });
}

describe('queuePosition agrees with the ordered queue', () => {
  it.each([
    [1, 40, [1, 3] as const],
    [2, 200, [1, 3] as const],
    [3, 120, [2, 1] as const],
    [4, 15, [1, 1] as const],
    [5, 300, [1, 5] as const],
  ])('seed %i, %i applications, ratio %j', (seed, size, ratio) => {
    const queue = randomQueue(seed, size);
    const counts: ClassCounts = { out_of_turn: 0, first_priority: 0, general: 0 };
    for (const e of queue) counts[e.queueClass] += 1;
    const ordered = orderQueue(queue, ratio);
    for (const e of queue) {
      const sameClass = ordered.filter((o) => o.queueClass === e.queueClass);
      const before = sameClass.indexOf(e);
      expect(queuePosition(e.queueClass, before, counts, ratio)).toBe(ordered.indexOf(e) + 1);
    }
  });
});

describe('nextInterleavedClass rebuilds the ordered queue class by class', () => {
  it.each([
    { taken: [0, 0], remaining: [true, true], next: 'first_priority' },
    { taken: [1, 0], remaining: [true, true], next: 'general' },
    { taken: [1, 2], remaining: [true, true], next: 'general' },
    { taken: [1, 3], remaining: [true, true], next: 'first_priority' },
    { taken: [1, 1], remaining: [false, true], next: 'general' },
    { taken: [1, 0], remaining: [true, false], next: 'first_priority' },
    { taken: [4, 9], remaining: [false, false], next: null },
  ])('after $taken with $remaining left: $next (1:3)', ({ taken, remaining, next }) => {
    const state = {
      taken: { first_priority: taken[0]!, general: taken[1]! },
      remaining: { first_priority: remaining[0]!, general: remaining[1]! },
    };
    expect(nextInterleavedClass(state, [1, 3])).toBe(next);
  });

  it.each([
    [11, 60, [1, 3] as const, 0.25],
    [12, 250, [1, 3] as const, 0.6],
    [13, 150, [2, 1] as const, 0.3],
    [14, 90, [1, 1] as const, 0.1],
    [15, 400, [3, 5] as const, 0.5],
    [16, 30, [1, 3] as const, 0],
  ])('seed %i, %i applications, ratio %j', (seed, size, ratio, firstShare) => {
    const queue = randomQueue(seed, size, firstShare);
    const ordered = orderQueue(queue, ratio).filter((e) => e.queueClass !== 'out_of_turn');
    const byClass = (queueClass: QueueClass) =>
      ordered.filter((e) => e.queueClass === queueClass).map((e) => e.number);
    const lists = { first_priority: byClass('first_priority'), general: byClass('general') };
    const taken = { first_priority: 0, general: 0 };
    const walked: string[] = [];
    for (;;) {
      const remaining = {
        first_priority: taken.first_priority < lists.first_priority.length,
        general: taken.general < lists.general.length,
      };
      const queueClass = nextInterleavedClass({ taken: { ...taken }, remaining }, ratio);
      if (!queueClass) break;
      walked.push(lists[queueClass][taken[queueClass]]!);
      taken[queueClass] += 1;
    }
    expect(walked).toEqual(names(ordered));
  });
});

describe('printedBenefitQueueNumber (seed 001: 0 without a benefit)', () => {
  it.each([
    [false, null, 0],
    [true, 3, 3],
    [true, null, null],
  ] as const)('in a benefit class %s, number %s → %s', (inClass, number, printed) => {
    expect(printedBenefitQueueNumber(inClass, number)).toBe(printed);
  });
});
