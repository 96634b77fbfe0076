import { describe, expect, it } from 'vitest';
import {
  freeChoiceDecisionAt,
  freeChoiceGrantOrder,
  isBatchedRequest,
  requestOutcome,
} from './free-choice.ts';
import { takePlaces, type ChoiceOutcome } from './placement.ts';

const at = (iso: string) => new Date(iso);

describe('isBatchedRequest', () => {
  it.each([
    ['batched', 'free_choice', null, true],
    ['batched', 'free_choice', '7', true],
    ['batched', 'free_choice', '1', false],
    ['batched', 'waiting', null, false],
    ['batched', 'waiting', '1', false],
    ['first_come', 'free_choice', null, false],
    ['first_come', 'waiting', '1', false],
  ] as const)('%s, batch in %s, turn on batch %s → %s', (mode, state, turn, expected) => {
    expect(isBatchedRequest(mode, { id: '1', state }, turn)).toBe(expected);
  });
});

describe('freeChoiceDecisionAt', () => {
  const now = at('2026-06-01T10:00:00Z');
  it.each([
    ['no open round: the window from now', null, 120, '2026-06-01T12:00:00.000Z'],
    ['no open round, a 5-minute window', null, 5, '2026-06-01T10:05:00.000Z'],
    ['an open round: its end', at('2026-06-01T11:30:00Z'), 120, '2026-06-01T11:30:00.000Z'],
    [
      'an open round ends whatever the window',
      at('2026-06-01T10:01:00Z'),
      1440,
      '2026-06-01T10:01:00.000Z',
    ],
    [
      'a round that ended, undecided: a new one',
      at('2026-06-01T10:00:00Z'),
      60,
      '2026-06-01T11:00:00.000Z',
    ],
    ['a round long past: a new one', at('2026-05-01T10:00:00Z'), 60, '2026-06-01T11:00:00.000Z'],
  ])('%s', (_, open, minutes, expected) => {
    expect(freeChoiceDecisionAt(open, now, minutes).toISOString()).toBe(expected);
  });
});

describe('freeChoiceGrantOrder', () => {
  it.each([
    [
      'queue order, not arrival',
      [
        ['a', 5],
        ['b', 1],
        ['c', 3],
      ],
      ['b', 'c', 'a'],
    ],
    [
      'no longer waiting: last',
      [
        ['a', null],
        ['b', 9],
        ['c', 2],
      ],
      ['c', 'b', 'a'],
    ],
    [
      'the id breaks ties (numerically)',
      [
        ['10', null],
        ['9', null],
        ['2', 4],
      ],
      ['2', '9', '10'],
    ],
    ['empty', [], []],
  ] as [string, [string, number | null][], string[]][])('%s', (_, requests, expected) => {
    const order = freeChoiceGrantOrder(
      requests.map(([applicationId, queueNumber]) => ({ applicationId, queueNumber })),
    );
    expect(order.map((r) => r.applicationId)).toEqual(expected);
  });

  it('gives the places to the first of the queue whatever the arrival order (takePlaces after it)', () => {
    const arrival = Array.from({ length: 50 }, (_, i) => ({
      applicationId: String(100 + ((i * 37) % 50)),
      queueNumber: 1 + ((i * 37) % 50),
    }));
    const ordered = freeChoiceGrantOrder(arrival);
    const { outcomes, free } = takePlaces(
      { id: 'b', state: 'free_choice', kindergartenType: 'state', free: 7, heldForTurns: 0 },
      ordered.map((r) => ({
        application: { id: r.applicationId, status: 'queued', turnBatchId: null },
        privateAgeReached: true,
      })),
    );
    expect(free).toBe(0);
    const winners = ordered.filter((_, i) => outcomes[i] === 'taken').map((r) => r.queueNumber);
    expect(winners).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('requestOutcome', () => {
  it.each([
    ['taken', 'granted'],
    ['place_taken', 'not_granted'],
    ['not_your_turn', 'not_granted'],
    ['stop_listed', 'not_granted'],
    ['action_not_allowed', 'not_granted'],
    ['child_too_young', 'not_granted'],
  ] as [ChoiceOutcome, string][])('%s → %s', (choice, expected) => {
    expect(requestOutcome(choice)).toBe(expected);
  });
});
