import { describe, expect, it } from 'vitest';
import { applicationActions, applicationNumber, directionNumber } from './application.ts';
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
