import { describe, expect, it } from 'vitest';
import { ageInYears, DEFAULT_POLICY, hasReachedAge, preschoolGroupYears } from './policy.ts';

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
      allocation: 'choose',
      freeChoice: 'first_come',
      freeChoiceWindowMinutes: 120,
      siblingPriority: 'off',
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

describe('preschoolGroupYears', () => {
  it.each([
    // Somebody born in 2019 after 1 December is still 6.
    { today: '2026-12-01', limit: 7, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026] },
    // On the last day of the year the oldest year has reached the limit entirely.
    { today: '2026-12-31', limit: 7, years: [2020, 2021, 2022, 2023, 2024, 2025, 2026] },
    { today: '2027-01-01', limit: 7, years: [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027] },
    // Born 29 February 2020: still 6 on 28 February 2027.
    { today: '2027-02-28', limit: 7, years: [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027] },
    { today: '2026-03-02', limit: 3, years: [2023, 2024, 2025, 2026] },
    { today: '2026-12-31', limit: 1, years: [2026] },
  ])('on $today with the limit $limit → $years', ({ today, limit, years }) => {
    expect(preschoolGroupYears(today, limit)).toEqual(years);
  });

  it('agrees with ageInYears at both ends', () => {
    const today = '2026-07-15';
    const years = preschoolGroupYears(today, 7);
    expect(ageInYears(`${years[0]}-07-16`, today)).toBe(6);
    expect(ageInYears(`${years[0]! - 1}-12-31`, today)).toBe(7);
  });

  it.each([0, -1, 2.5])('refuses the age limit %s', (limit) => {
    expect(() => preschoolGroupYears('2026-01-01', limit)).toThrow(RangeError);
  });
});
