import { LOG_LEAF_VERSION, type LogEvent } from '@kezek/contracts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A pseudonym of the public format (10 characters of lowercase base32) for child n. */
export function pseudonymOf(n: number): string {
  let text = '';
  for (let rest = n, i = 0; i < 10; i += 1, rest = Math.floor(rest / 32)) {
    text = BASE32[rest % 32]! + text;
  }
  return text;
}

/** The queue the builders put children and places in unless told otherwise. */
export const TEST_QUEUE = { regionId: 1, districtId: 10, groupYear: 2022 } as const;

type Of<T extends LogEvent['type']> = Extract<LogEvent, { type: T }>;
/** The events that carry nothing but the child's pseudonym. */
export type StatusType = Exclude<
  Extract<LogEvent, { pseudonym: string }>['type'],
  | 'registered'
  | 'class_changed'
  | 'preferences_set'
  | 'turn_given'
  | 'turn_declined'
  | 'turn_lapsed'
  | 'direction_issued'
>;
type Fields<T extends LogEvent['type']> = Partial<Omit<Of<T>, 'v' | 'type'>>;

/**
 * Builders of log events for tests, sharing one clock: each event a minute after the one before,
 * unless `at` is given (a round of turns is one instant). Child n is `pseudonymOf(n)`.
 */
export function eventBuilder(start = '2026-03-02T04:00:00.000Z') {
  let minute = 0;
  const tick = () => new Date(Date.parse(start) + 60_000 * minute++).toISOString();
  const base = <T extends LogEvent['type']>(type: T, fields: object) =>
    ({ v: LOG_LEAF_VERSION, at: tick(), type, ...fields }) as Of<T>;
  return {
    /** The instant the next event gets, for a round whose events share it. */
    now: () => new Date(Date.parse(start) + 60_000 * minute).toISOString(),
    policy: (fields: Fields<'policy_set'> = {}) =>
      base('policy_set', {
        regionId: TEST_QUEUE.regionId,
        firstPriorityRatio: [1, 3],
        allocation: 'choose',
        siblingPriority: 'off',
        ...fields,
      }),
    registered: (n: number, fields: Fields<'registered'> = {}) => {
      const event = base('registered', {
        pseudonym: pseudonymOf(n),
        ...TEST_QUEUE,
        queueClass: 'general',
        imported: false,
        ...fields,
      });
      return { ...event, registeredAt: fields.registeredAt ?? event.at };
    },
    places: (batchId: number, count: number, fields: Fields<'places_added'> = {}) =>
      base('places_added', {
        batchId,
        districtId: TEST_QUEUE.districtId,
        groupYear: TEST_QUEUE.groupYear,
        kindergartenId: 100,
        language: 'kk',
        count,
        returned: false,
        private: false,
        ...fields,
      }),
    turn: (n: number, batchId: number, fields: Fields<'turn_given'> = {}) =>
      base('turn_given', {
        pseudonym: pseudonymOf(n),
        batchId,
        until: new Date(Date.parse(start) + 86_400_000 * 30).toISOString(),
        bySibling: false,
        ...fields,
      }),
    turnEnded: (
      n: number,
      batchId: number,
      type: 'turn_declined' | 'turn_lapsed' = 'turn_lapsed',
    ) => base(type, { pseudonym: pseudonymOf(n), batchId }),
    direction: (n: number, batchId: number | null, fields: Fields<'direction_issued'> = {}) =>
      base('direction_issued', {
        pseudonym: pseudonymOf(n),
        kindergartenId: 100,
        batchId,
        mode: 'turn',
        ...fields,
      }),
    preferences: (n: number, kindergartenIds: number[]) =>
      base('preferences_set', { pseudonym: pseudonymOf(n), kindergartenIds }),
    classChanged: (n: number, queueClass: Of<'class_changed'>['queueClass']) =>
      base('class_changed', { pseudonym: pseudonymOf(n), queueClass }),
    status: (n: number, type: StatusType) => base(type, { pseudonym: pseudonymOf(n) }),
  };
}

export type EventBuilder = ReturnType<typeof eventBuilder>;
