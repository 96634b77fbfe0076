import { describe, expect, it } from 'vitest';
import { ageInYears, DEFAULT_POLICY, hasReachedAge } from './policy.ts';

describe('DEFAULT_POLICY', () => {
  it('holds the defaults of the seeds and the rules', () => {
    expect(DEFAULT_POLICY).toEqual({
      ageLimitYears: 7,
      turnWindowDays: 3,
      enrolWorkingDays: 5,
      stopListWorkingDays: 10,
      maxExpiries: 2,
      extensionMaxDays: 30,
      revokeHours: 24,
      interestMonths: 12,
      firstPriorityRatio: [1, 3],
      privateMinAgeYears: 3,
      benefitDocMaxAgeDays: 10,
    });
  });

  it('is frozen, ratio included', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.firstPriorityRatio)).toBe(true);
  });
});

describe('ageInYears', () => {
  it.each([
    { birthDate: '2019-05-10', onDate: '2019-05-10', age: 0 },
    { birthDate: '2019-05-10', onDate: '2026-05-09', age: 6 },
    { birthDate: '2019-05-10', onDate: '2026-05-10', age: 7 },
    { birthDate: '2019-05-10', onDate: '2026-05-11', age: 7 },
    { birthDate: '2019-12-31', onDate: '2026-01-01', age: 6 },
    { birthDate: '2020-01-01', onDate: '2025-12-31', age: 5 },
    { birthDate: '2020-02-29', onDate: '2021-02-28', age: 0 },
    { birthDate: '2020-02-29', onDate: '2021-03-01', age: 1 },
    { birthDate: '2020-02-29', onDate: '2024-02-28', age: 3 },
    { birthDate: '2020-02-29', onDate: '2024-02-29', age: 4 },
    { birthDate: '2023-03-01', onDate: '2024-02-29', age: 0 },
    { birthDate: '2023-03-01', onDate: '2026-03-01', age: 3 },
  ])('born $birthDate, on $onDate → $age', ({ birthDate, onDate, age }) => {
    expect(ageInYears(birthDate, onDate)).toBe(age);
  });

  it.each([
    { birthDate: '2026-03-20', onDate: '2026-03-19' },
    { birthDate: '2023-02-29', onDate: '2026-03-19' },
    { birthDate: '2020-01-01', onDate: '26-03-19' },
  ])('refuses born $birthDate on $onDate', ({ birthDate, onDate }) => {
    expect(() => ageInYears(birthDate, onDate)).toThrow(RangeError);
  });
});

describe('hasReachedAge', () => {
  it.each([
    ['2023-03-01', '2026-02-28', 3, false],
    ['2023-03-01', '2026-03-01', 3, true],
    ['2020-05-05', '2026-12-01', 3, true],
    ['2026-12-02', '2026-12-01', 0, false],
  ])('born %s, on %s, %i years → %s', (birthDate, onDate, years, reached) => {
    expect(hasReachedAge(birthDate, onDate, years)).toBe(reached);
  });
});
