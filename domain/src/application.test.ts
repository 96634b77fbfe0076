import { describe, expect, it } from 'vitest';
import {
  applicationActions,
  applicationNumber,
  directionNumber,
  interestDeadline,
} from './application.ts';
import { BENEFIT_CATEGORIES } from './benefits.ts';

describe('applicationNumber', () => {
  it.each([
    [2018, 24, 'UO.2018.000024.1'],
    [2026, 1, 'UO.2026.000001.1'],
    [2026, 999_999, 'UO.2026.999999.1'],
  ])('%i / %i → %s', (year, serial, expected) => {
    expect(applicationNumber(year, serial)).toBe(expected);
  });

  it.each([0, -1, 1_000_000, 1.5])('refuses serial %d', (serial) => {
    expect(() => applicationNumber(2026, serial)).toThrow(RangeError);
  });
});

describe('applicationActions', () => {
  it.each([
    ['queued', ['confirmInterest', 'changeBenefit', 'withdraw']],
    ['stop_listed', ['confirmInterest', 'changeBenefit', 'withdraw']],
    ['turn', ['confirmInterest', 'withdraw']],
    ['direction_issued', []],
    ['withdrawn', []],
    ['removed', []],
  ] as const)('%s → %j', (status, expected) => {
    expect(applicationActions(status)).toEqual(expected);
  });
});

describe('benefit categories', () => {
  it('have unique codes and names in three languages', () => {
    expect(new Set(BENEFIT_CATEGORIES.map((c) => c.code)).size).toBe(BENEFIT_CATEGORIES.length);
    for (const category of BENEFIT_CATEGORIES) {
      expect(Object.values(category.name).every((name) => name.length > 3)).toBe(true);
    }
  });
});

describe('directionNumber', () => {
  it.each([
    [2026, 7, 'NP.2026.000007'],
    [2027, 999_999, 'NP.2027.999999'],
  ])('%i / %i → %s', (year, serial, expected) => {
    expect(directionNumber(year, serial)).toBe(expected);
  });
});

describe('interestDeadline: the anniversaries of the registration (seed 001)', () => {
  it.each([
    ['at registration', '2025-03-10', undefined, '2026-03-10'],
    ['confirmed on the day of registration', '2025-03-10', '2025-03-10', '2027-03-10'],
    ['confirmed a month before the first anniversary', '2025-03-10', '2026-02-10', '2027-03-10'],
    ['confirmed on the first anniversary', '2025-03-10', '2026-03-10', '2027-03-10'],
    ['confirmed the day after it, in the second period', '2025-03-10', '2026-03-11', '2028-03-10'],
    ['confirmed in the third period', '2025-03-10', '2027-12-31', '2029-03-10'],
    ['registered on the 29th of February', '2024-02-29', '2025-01-15', '2026-02-28'],
    ['registered on the 31st', '2025-01-31', undefined, '2026-01-31'],
  ] as const)('%s', (_case, registeredOn, confirmedOn, expected) => {
    expect(interestDeadline(registeredOn, 12, confirmedOn)).toBe(expected);
  });

  it('follows the policy’s months', () => {
    expect(interestDeadline('2025-03-10', 6, '2025-09-01')).toBe('2026-03-10');
  });
});
