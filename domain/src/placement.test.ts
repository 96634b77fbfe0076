import { describe, expect, it } from 'vitest';
import {
  directionActions,
  directionAnswerRefusal,
  type DirectionAction,
  type DirectionAnswerRefusal,
  type DirectionAnswerSituation,
  inTurnPhase,
  placeRefusal,
  placementActions,
  turnDeclineOpen,
  returnedPlaceGoesTo,
  passedPlaceGoesOn,
  placesHeldByPassedTurns,
  revokeOpen,
  turnWindowEnd,
  unheldPlaces,
  type BatchState,
  type LiveDirection,
  type PlacementSituation,
  takePlaces,
  type ChoiceOfPlace,
  type ChoiceOutcome,
  type OfferedBatch,
  type PassedTurnEnd,
} from './placement.ts';
import type { AllocationMode } from './policy.ts';

const issuedAt = new Date('2026-03-19T10:00:00+05:00');
const hours = (n: number) => new Date(issuedAt.getTime() + n * 3_600_000);
const direction = (over: Partial<LiveDirection> = {}): LiveDirection => ({
  status: 'issued',
  issuedAt,
  extended: false,
  ...over,
});
const situation = (over: Partial<PlacementSituation>): PlacementSituation => ({
  status: 'queued',
  offeredTypes: [],
  privateAgeReached: true,
  direction: null,
  revokeHours: 24,
  lastTurnDeclinedAt: null,
  now: hours(1),
  ...over,
});

describe('placementActions', () => {
  it.each<[string, Partial<PlacementSituation>, string[]]>([
    ['nothing offered', {}, []],
    [
      'a turn with state and village places',
      { status: 'turn', offeredTypes: ['village', 'state'] },
      ['chooseState', 'chooseVillage', 'declineTurn'],
    ],
    [
      'a turn within 12 months of a decline: no second decline',
      { status: 'turn', offeredTypes: ['state'], lastTurnDeclinedAt: hours(-24 * 300) },
      ['chooseState'],
    ],
    [
      'a turn 12 months after a decline: declinable again',
      {
        status: 'turn',
        offeredTypes: ['state'],
        lastTurnDeclinedAt: new Date('2025-03-02T09:00:00Z'),
      },
      ['chooseState', 'declineTurn'],
    ],
    [
      'free choice of every type',
      { offeredTypes: ['private', 'mini_centre', 'village', 'state'] },
      ['chooseState', 'choosePrivate', 'chooseMiniCentre', 'chooseVillage'],
    ],
    [
      'private places for a child under the age',
      { offeredTypes: ['private', 'state'], privateAgeReached: false },
      ['chooseState'],
    ],
    ['the stop-list blocks every choice', { status: 'stop_listed', offeredTypes: ['state'] }, []],
    ['a withdrawn application', { status: 'withdrawn', offeredTypes: ['state'] }, []],
    [
      'a fresh direction: extend and revoke',
      { status: 'direction_issued', direction: direction() },
      ['extendDirection', 'revokeDirection'],
    ],
    [
      'an extended direction after 24 hours: nothing',
      { status: 'direction_issued', direction: direction({ extended: true }), now: hours(25) },
      [],
    ],
    [
      'exactly at the 24th hour: still revocable',
      { status: 'direction_issued', direction: direction({ extended: true }), now: hours(24) },
      ['revokeDirection'],
    ],
    [
      'a private direction (the application left the queue): extend and revoke, as a state one',
      { status: 'removed', direction: direction() },
      ['extendDirection', 'revokeDirection'],
    ],
    [
      'a revoked direction, back in the queue with free choice',
      { offeredTypes: ['state'], direction: direction({ status: 'revoked' }) },
      ['chooseState'],
    ],
    [
      'a direction pending a refusal',
      { status: 'direction_issued', direction: direction({ status: 'refusal_pending' }) },
      [],
    ],
  ])('%s', (_case, over, expected) => {
    expect(placementActions(situation(over))).toEqual(expected);
  });
});

describe('revokeOpen', () => {
  it.each([
    [0, true],
    [23.99, true],
    [24, true],
    [24.01, false],
  ])('%d hours after issue → %s', (after, open) => {
    expect(revokeOpen(direction(), hours(after), 24)).toBe(open);
  });
});

describe('placeRefusal', () => {
  const places = { free: 2, heldForTurns: 0 };
  const waiting = {
    id: '7',
    state: 'waiting' as const,
    kindergartenType: 'state' as const,
    ...places,
  };
  const free = {
    id: '8',
    state: 'free_choice' as const,
    kindergartenType: 'village' as const,
    ...places,
  };
  const privatePlaces = {
    id: '9',
    state: 'free_choice' as const,
    kindergartenType: 'private' as const,
    ...places,
  };
  // Free choice after the window, with turns given for places given back still running.
  const held = { ...free, id: '7', free: 2, heldForTurns: 2 };
  const partlyHeld = { ...free, id: '7', free: 3, heldForTurns: 2 };
  it.each([
    ['the turn-holder of these places', { status: 'turn', turnBatchId: '7' }, waiting, true, null],
    ['someone else’s turn', { status: 'turn', turnBatchId: '3' }, waiting, true, 'not_your_turn'],
    [
      'a queued child before free choice',
      { status: 'queued', turnBatchId: null },
      waiting,
      true,
      'not_your_turn',
    ],
    ['a queued child in free choice', { status: 'queued', turnBatchId: null }, free, true, null],
    [
      'a turn-holder in another free choice',
      { status: 'turn', turnBatchId: '7' },
      free,
      true,
      null,
    ],
    ['the stop-list', { status: 'stop_listed', turnBatchId: null }, free, true, 'stop_listed'],
    [
      'a live direction',
      { status: 'direction_issued', turnBatchId: null },
      free,
      true,
      'action_not_allowed',
    ],
    [
      'private, old enough, regardless of turn',
      { status: 'turn', turnBatchId: '7' },
      privatePlaces,
      true,
      null,
    ],
    [
      'private, too young',
      { status: 'queued', turnBatchId: null },
      privatePlaces,
      false,
      'child_too_young',
    ],
    [
      'private from the stop-list',
      { status: 'stop_listed', turnBatchId: null },
      privatePlaces,
      true,
      'stop_listed',
    ],
    [
      'a queued child when every free place is held for a running turn',
      { status: 'queued', turnBatchId: null },
      held,
      true,
      'not_your_turn',
    ],
    [
      'a queued child when one free place is held for nobody',
      { status: 'queued', turnBatchId: null },
      partlyHeld,
      true,
      null,
    ],
    ['the holder of a running turn', { status: 'turn', turnBatchId: '7' }, held, true, null],
    [
      'free choice with no place left: the take answers',
      { status: 'queued', turnBatchId: null },
      { ...free, free: 0 },
      true,
      null,
    ],
  ] as const)('%s → %s', (_case, application, batch, aged, expected) => {
    expect(placeRefusal(application, batch, aged)).toBe(expected);
  });
});

describe('unheldPlaces', () => {
  it.each([
    [3, 0, 3],
    [3, 2, 1],
    [2, 2, 0],
    // A take that left a running turn without its place.
    [1, 2, -1],
  ])('%d free, %d held for turns → %d', (free, heldForTurns, expected) => {
    expect(unheldPlaces({ free, heldForTurns })).toBe(expected);
  });
});

describe('turnWindowEnd', () => {
  it.each([
    [3, '2026-03-05T04:00:00.000Z'],
    [5, '2026-03-07T04:00:00.000Z'],
  ])('%d days → %s', (days, expected) => {
    expect(turnWindowEnd(new Date('2026-03-02T09:00:00+05:00'), days).toISOString()).toBe(expected);
  });
});

describe('where a place given back goes', () => {
  const turnUntil = new Date('2026-03-05T09:00:00+05:00');
  const before = new Date('2026-03-04T09:00:00+05:00');
  const after = new Date('2026-03-05T09:00:01+05:00');
  it.each<[string, BatchState, Date, boolean, boolean, 'turn' | 'free_choice']>([
    ['turn phase, a child waiting', 'waiting', before, true, true, 'turn'],
    ['turn phase, nobody waiting', 'waiting', before, false, true, 'free_choice'],
    ['the window ended, not swept yet', 'waiting', after, true, false, 'free_choice'],
    ['the window ended at this very instant', 'waiting', turnUntil, true, false, 'free_choice'],
    ['opened early: nobody was waiting', 'free_choice', before, true, false, 'free_choice'],
    ['free choice after the window', 'free_choice', after, true, false, 'free_choice'],
  ])('%s → %s', (_case, state, now, childWaiting, turnPhase, expected) => {
    const batch = { state, turnUntil };
    expect(inTurnPhase(batch, now)).toBe(turnPhase);
    expect(returnedPlaceGoesTo(batch, now, childWaiting)).toBe(expected);
  });
});

describe('takePlaces: the choices of one batch that arrived together', () => {
  const queued = (id: string) => ({
    application: { id, status: 'queued' as const, turnBatchId: null },
    privateAgeReached: true,
  });
  const turnOf = (id: string, batchId: string) => ({
    application: { id, status: 'turn' as const, turnBatchId: batchId },
    privateAgeReached: true,
  });
  const batch = (over: Partial<OfferedBatch>): OfferedBatch => ({
    id: 'B',
    state: 'free_choice',
    kindergartenType: 'state',
    free: 2,
    heldForTurns: 0,
    ...over,
  });
  it.each<[string, OfferedBatch, ChoiceOfPlace[], ChoiceOutcome[], number]>([
    [
      'two places, three choices: the first two in order',
      batch({}),
      [queued('a'), queued('b'), queued('c')],
      ['taken', 'taken', 'place_taken'],
      0,
    ],
    [
      'a place held for a running turn: the free-chooser after the first is refused, the turn-holder takes it',
      batch({ heldForTurns: 1 }),
      [queued('a'), queued('b'), turnOf('t', 'B')],
      ['taken', 'not_your_turn', 'taken'],
      0,
    ],
    [
      'turn phase: only the batch’s turn-holders',
      batch({ state: 'waiting' }),
      [queued('a'), turnOf('t', 'B'), turnOf('u', 'other')],
      ['not_your_turn', 'taken', 'not_your_turn'],
      1,
    ],
    [
      'the same child twice: the second finds the first one’s direction',
      batch({}),
      [queued('a'), queued('a')],
      ['taken', 'action_not_allowed'],
      1,
    ],
    [
      'a private kindergarten asks for the age, not the turn',
      batch({ kindergartenType: 'private', state: 'waiting', free: 1 }),
      [{ ...queued('young'), privateAgeReached: false }, queued('a'), queued('b')],
      ['child_too_young', 'taken', 'place_taken'],
      0,
    ],
  ])('%s', (_case, offered, choices, outcomes, free) => {
    expect(takePlaces(offered, choices)).toEqual({ outcomes, free });
  });
});

describe('directionActions and directionAnswerRefusal (the staff answer to a direction)', () => {
  const deadline = new Date('2026-09-10T18:59:59Z');
  const before = new Date('2026-09-10T10:00:00Z');
  const answer = (over: Partial<DirectionAnswerSituation>): DirectionAnswerSituation => ({
    status: 'issued',
    deadline,
    refusedBefore: false,
    now: before,
    ...over,
  });
  it.each<[string, Partial<DirectionAnswerSituation>, DirectionAction[]]>([
    ['an issued direction within its deadline', {}, ['accept', 'refuse']],
    ['after the department rejected its refusal', { refusedBefore: true }, ['accept']],
    ['at its deadline', { now: deadline }, []],
    ['waiting for the refusal to be decided', { status: 'refusal_pending' }, []],
    ['enrolled', { status: 'enrolled' }, []],
    ['expired', { status: 'expired' }, []],
  ])('%s: %j', (_, over, actions) => {
    expect(directionActions(answer(over))).toEqual(actions);
  });
  it.each<[Partial<DirectionAnswerSituation>, DirectionAction, DirectionAnswerRefusal | null]>([
    [{}, 'refuse', null],
    [{ refusedBefore: true }, 'refuse', 'refusal_overruled'],
    [{ refusedBefore: true }, 'accept', null],
    [{ status: 'revoked' }, 'accept', 'direction_not_issued'],
    [{ now: new Date(deadline.getTime() + 1) }, 'accept', 'direction_expired'],
    [{ status: 'refusal_pending', refusedBefore: true }, 'refuse', 'direction_not_issued'],
  ])('%j %s: %s', (over, action, refusal) => {
    expect(directionAnswerRefusal(answer(over), action)).toBe(refusal);
  });
});

describe('turnDeclineOpen', () => {
  const at = new Date('2026-03-10T10:00:00Z');
  it.each([
    { status: 'turn', last: null, now: at, open: true },
    { status: 'queued', last: null, now: at, open: false },
    { status: 'turn', last: at, now: new Date('2027-03-10T09:59:59Z'), open: false },
    { status: 'turn', last: at, now: new Date('2027-03-10T10:00:00Z'), open: true },
  ] as const)('$status, last declined $last, on $now: $open', ({ status, last, now, open }) => {
    expect(turnDeclineOpen(status, last, now)).toBe(open);
  });
});

describe('where the place of a turn ending unused goes', () => {
  const turnUntil = new Date('2026-03-05T09:00:00+05:00');
  const before = new Date('2026-03-04T09:00:00+05:00');
  const after = new Date('2026-03-08T09:00:00+05:00');
  it.each<[AllocationMode, PassedTurnEnd, BatchState, Date, boolean]>([
    ['ranked', 'lapsed', 'free_choice', after, true],
    ['ranked', 'lapsed', 'waiting', after, true],
    ['ranked', 'declined', 'waiting', before, true],
    ['ranked', 'declined', 'free_choice', after, true],
    ['choose', 'lapsed', 'free_choice', after, false],
    ['choose', 'lapsed', 'waiting', before, false],
    ['choose', 'declined', 'waiting', before, true],
    ['choose', 'declined', 'free_choice', after, false],
  ])('%s, %s, batch %s → goes on: %s', (allocation, end, state, now, expected) => {
    expect(passedPlaceGoesOn(allocation, end, { state, turnUntil }, now)).toBe(expected);
  });
});

describe('placesHeldByPassedTurns', () => {
  it.each([
    // free, running (the passed included), passed → held
    [3, 3, 2, 2],
    [5, 3, 1, 1],
    // A place of the batch was taken past a running turn: the turns still running keep theirs.
    [2, 3, 2, 1],
    [1, 3, 1, 0],
    [0, 1, 1, 0],
  ])('%d free, %d running, %d passed → %d', (free, running, passed, expected) => {
    expect(placesHeldByPassedTurns(free, running, passed)).toBe(expected);
  });
});
