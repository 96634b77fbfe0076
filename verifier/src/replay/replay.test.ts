import { describe, expect, it } from 'vitest';
import type { LogEvent } from '@kezek/contracts';
import { eventBuilder, pseudonymOf, type EventBuilder } from '../testing/events.ts';
import { replay } from './replay.ts';

/** Three general children queued (1, 2, 3, in that order) and a batch 7 of `count` places. */
function queueOfThree(e: EventBuilder, count = 1, policy = {}): LogEvent[] {
  return [e.policy(policy), e.registered(1), e.registered(2), e.registered(3), e.places(7, count)];
}

interface Case {
  name: string;
  events: (e: EventBuilder) => LogEvent[];
  /** The violations expected: the leaf each names and a part of its message. */
  expected: { leafIndex: number; message: RegExp }[];
}

const cases: Case[] = [
  {
    name: 'a turn to the first in line, chosen, passes',
    events: (e) => [...queueOfThree(e), e.turn(1, 7), e.direction(1, 7)],
    expected: [],
  },
  {
    name: 'a turn to the second while the first waits is a child passed by',
    events: (e) => [...queueOfThree(e), e.turn(2, 7)],
    expected: [{ leafIndex: 5, message: new RegExp(`while ${pseudonymOf(1)}, ahead`) }],
  },
  {
    name: 'a child on a turn is passed by rightly',
    events: (e) => {
      const at = e.now();
      return [
        ...queueOfThree(e, 2),
        e.places(8, 1),
        e.turn(1, 8),
        e.turn(2, 7, { at }),
        e.turn(3, 7, { at }),
      ];
    },
    expected: [],
  },
  {
    name: 'a round of two places goes to the first two, in any leaf order',
    events: (e) => {
      const at = e.now();
      return [...queueOfThree(e, 2), e.turn(2, 7, { at }), e.turn(1, 7, { at })];
    },
    expected: [],
  },
  {
    name: 'first-priority children interleave by the ratio',
    events: (e) => [
      e.policy({ firstPriorityRatio: [1, 1] }),
      e.registered(1),
      e.registered(2),
      e.registered(3, { queueClass: 'first_priority' }),
      e.places(7, 1),
      e.turn(1, 7),
    ],
    expected: [{ leafIndex: 5, message: new RegExp(pseudonymOf(3)) }],
  },
  {
    name: 'out-of-turn children come first',
    events: (e) => [
      e.policy(),
      e.registered(1, { queueClass: 'first_priority' }),
      e.registered(2, { queueClass: 'out_of_turn' }),
      e.places(7, 1),
      e.turn(2, 7),
    ],
    expected: [],
  },
  {
    name: 'a child whose place is wanted from a later month is passed by rightly',
    events: (e) => [
      e.policy(),
      e.registered(1, { wantedFrom: '2027-09' }),
      e.registered(2),
      e.places(7, 1),
      e.turn(2, 7),
    ],
    expected: [],
  },
  {
    name: 'a child who may have reached the age limit is passed by on trust',
    events: (e) => [
      e.policy({ ageLimitYears: 4 }),
      e.registered(1),
      e.registered(2),
      e.places(7, 1),
      e.turn(2, 7),
    ],
    expected: [],
  },
  {
    name: 'a sibling may pass its own class',
    events: (e) => {
      const at = e.now();
      return [
        e.policy({ siblingPriority: 'within_class', firstPriorityRatio: [1, 3] }),
        e.registered(1, { queueClass: 'first_priority' }),
        e.registered(2),
        e.registered(3),
        e.places(7, 2),
        e.turn(1, 7, { at }),
        e.turn(3, 7, { at, bySibling: true }),
        e.places(8, 1),
        e.registered(4, { queueClass: 'first_priority' }),
        e.turn(3, 8),
      ];
    },
    expected: [{ leafIndex: 9, message: /child whose application is turn/ }],
  },
  {
    name: 'a sibling may not pass another class',
    events: (e) => [
      e.policy({ siblingPriority: 'within_class' }),
      e.registered(1, { queueClass: 'first_priority' }),
      e.registered(2),
      e.places(7, 1),
      e.turn(2, 7, { bySibling: true }),
    ],
    expected: [{ leafIndex: 4, message: new RegExp(`while ${pseudonymOf(1)}, ahead`) }],
  },
  {
    name: 'under ranked preferences only those who rank the kindergarten are owed its places',
    events: (e) => [
      e.policy({ allocation: 'ranked' }),
      e.registered(1),
      e.preferences(1, [200]),
      e.registered(2),
      e.preferences(2, [100]),
      e.places(7, 1),
      e.turn(2, 7),
      e.turn(1, 7),
    ],
    expected: [{ leafIndex: 7, message: /does not rank kindergarten 100/ }],
  },
  {
    name: 'under ranked preferences a child who ranks the kindergarten may not be passed by',
    events: (e) => [
      e.policy({ allocation: 'ranked' }),
      e.registered(1),
      e.preferences(1, [100]),
      e.registered(2),
      e.preferences(2, [100]),
      e.places(7, 1),
      e.turn(2, 7),
    ],
    expected: [{ leafIndex: 6, message: new RegExp(`while ${pseudonymOf(1)}, ahead`) }],
  },
  ...[
    { offered: [8, 7], expected: [] },
    {
      offered: [7, 8],
      expected: [{ leafIndex: 7, message: /kindergarten 200, ranked higher/ }],
    },
  ].map(({ offered, expected }) => ({
    name: `a ranked round of two kindergartens offers each child its best: batches ${offered.join(', ')}`,
    events: (e: EventBuilder) => {
      const at = e.now();
      return [
        e.policy({ allocation: 'ranked' }),
        e.registered(1),
        e.preferences(1, [200, 100]),
        e.registered(2),
        e.preferences(2, [100, 200]),
        e.places(7, 1),
        e.places(8, 1, { kindergartenId: 200 }),
        e.turn(1, offered[0]!, { at }),
        e.turn(2, offered[1]!, { at }),
      ];
    },
    expected,
  })),
  {
    name: 'a declined turn is handed on and never comes back',
    events: (e) => [
      ...queueOfThree(e),
      e.turn(1, 7),
      e.turnEnded(1, 7, 'turn_declined'),
      e.turn(2, 7),
      e.turnEnded(2, 7),
      e.turn(3, 7),
    ],
    expected: [],
  },
  {
    name: 'more turns than places',
    events: (e) => {
      const at = e.now();
      return [...queueOfThree(e, 1), e.turn(1, 7, { at }), e.turn(2, 7, { at })];
    },
    expected: [{ leafIndex: 6, message: /no free place left/ }],
  },
  {
    name: 'a direction in turn without the turn',
    events: (e) => [...queueOfThree(e), e.direction(1, 7), e.turn(1, 7)],
    expected: [{ leafIndex: 5, message: /without a turn on it/ }],
  },
  {
    name: 'a free-choice direction to a child of another queue',
    events: (e) => [
      ...queueOfThree(e),
      e.registered(4, { groupYear: 2021 }),
      e.direction(4, 7, { mode: 'free_choice' }),
    ],
    expected: [{ leafIndex: 6, message: /another queue/ }],
  },
  {
    name: 'free choice may not take a place held for a running turn',
    events: (e) => [
      ...queueOfThree(e),
      e.turn(1, 7),
      e.direction(2, 7, { mode: 'free_choice' }),
      e.direction(1, 7),
    ],
    expected: [{ leafIndex: 6, message: /held for a running turn/ }],
  },
  {
    name: 'the lifecycle: revoke, stop-list, a second registration, an unknown pseudonym',
    events: (e) => [
      ...queueOfThree(e),
      e.turn(1, 7),
      e.direction(1, 7),
      e.status(1, 'direction_revoked'),
      e.places(7, 1, { returned: true }),
      e.status(2, 'stop_list_ended'),
      e.registered(3),
      e.status(9, 'withdrawn'),
    ],
    expected: [
      { leafIndex: 9, message: /application is queued/ },
      { leafIndex: 10, message: /registered a second time/ },
      { leafIndex: 11, message: /No registration/ },
    ],
  },
  {
    name: 'an expiry stop-lists the child until the stop-list ends; a departure follows an enrolment',
    events: (e) => [
      ...queueOfThree(e, 2),
      e.turn(1, 7),
      e.direction(1, 7),
      e.status(1, 'direction_expired'),
      e.status(1, 'stop_listed'),
      e.places(7, 1, { returned: true }),
      e.turn(2, 7),
      e.status(1, 'stop_list_ended'),
      e.direction(2, 7),
      e.status(2, 'enrolled'),
      e.status(2, 'departed'),
      e.status(2, 'departed'),
    ],
    expected: [{ leafIndex: 15, message: /not enrolled anywhere/ }],
  },
  {
    name: 'a private direction takes the child out; its revocation puts it back',
    events: (e) => [
      ...queueOfThree(e),
      e.places(8, 1, { private: true, kindergartenId: 300 }),
      e.direction(1, 8, { mode: 'private', kindergartenId: 300 }),
      e.status(1, 'direction_revoked'),
      e.places(8, 1, { returned: true, private: true, kindergartenId: 300 }),
      e.turn(1, 7),
    ],
    expected: [],
  },
];

describe('the replay of a log through the queue rules', () => {
  it.each(cases)('$name', ({ events, expected }) => {
    const leaves = events(eventBuilder()).map((event, leafIndex) => ({ leafIndex, event }));
    const { violations } = replay(leaves);
    expect(violations.map(({ leafIndex }) => leafIndex)).toEqual(
      expected.map(({ leafIndex }) => leafIndex),
    );
    violations.forEach((violation, i) => expect(violation.message).toMatch(expected[i]!.message));
  });

  it('counts the events by type, the turns checked and what it took on trust', () => {
    const e = eventBuilder();
    const at = e.now();
    const events = [
      e.policy({ siblingPriority: 'within_class' }),
      e.registered(1),
      e.registered(2),
      e.places(7, 1),
      e.turn(2, 7, { at, bySibling: true }),
    ];
    const report = replay(events.map((event, leafIndex) => ({ leafIndex, event })));
    expect(report).toMatchObject({
      violations: [],
      eventsByType: { policy_set: 1, registered: 2, places_added: 1, turn_given: 1 },
      turnsChecked: 1,
      siblingTurnsOnTrust: 1,
    });
  });
});
