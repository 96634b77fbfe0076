import type { LocalDate } from './local-date.ts';
import { addCalendarDays, addMonths, requireLocalDate } from './local-date.ts';

/**
 * The numbers a region may change; DEFAULT_POLICY holds the defaults (docs/rules.md, "Region
 * policy").
 */
/** How places reach children whose turn it is (issue 17): the manual's choice, or ranked offers. */
export const ALLOCATION_MODES = ['choose', 'ranked'] as const;
export type AllocationMode = (typeof ALLOCATION_MODES)[number];
/** How free-choice places are given: first come first served (the manual), or in batched rounds. */
export const FREE_CHOICE_MODES = ['first_come', 'batched'] as const;
export type FreeChoiceMode = (typeof FREE_CHOICE_MODES)[number];
/** Whether a child whose sibling attends a kindergarten goes first within its class there. */
export const SIBLING_PRIORITY_MODES = ['off', 'within_class'] as const;
export type SiblingPriorityMode = (typeof SIBLING_PRIORITY_MODES)[number];

export type RegionPolicy = {
  ageLimitYears: number;
  turnWindowDays: number;
  enrolWorkingDays: number;
  stopListWorkingDays: number;
  maxExpiries: number;
  extensionMaxDays: number;
  revokeHours: number;
  interestMonths: number;
  /** [first-priority, general] directions issued in turn. */
  firstPriorityRatio: readonly [number, number];
  privateMinAgeYears: number;
  benefitDocMaxAgeDays: number;
  allocation: AllocationMode;
  freeChoice: FreeChoiceMode;
  /** How long a batched free-choice round collects requests before they are granted. */
  freeChoiceWindowMinutes: number;
  siblingPriority: SiblingPriorityMode;
};

export const DEFAULT_POLICY: Readonly<RegionPolicy> = Object.freeze({
  ageLimitYears: 7,
  turnWindowDays: 3,
  enrolWorkingDays: 5,
  stopListWorkingDays: 10,
  maxExpiries: 2,
  extensionMaxDays: 30,
  revokeHours: 24,
  interestMonths: 12,
  firstPriorityRatio: Object.freeze([1, 3] as const),
  privateMinAgeYears: 3,
  benefitDocMaxAgeDays: 10,
  allocation: 'choose',
  freeChoice: 'first_come',
  freeChoiceWindowMinutes: 120,
  siblingPriority: 'off',
});

/**
 * Whole years of age on `onDate`. Someone born on 29 February becomes a year older on
 * 1 March in non-leap years, since their birthday has not yet come on 28 February.
 */
export function ageInYears(birthDate: LocalDate, onDate: LocalDate): number {
  const birth = requireLocalDate(birthDate);
  const on = requireLocalDate(onDate);
  if (onDate < birthDate) {
    throw new RangeError(`${onDate} is before the birth date ${birthDate}`);
  }
  const birthdayReached =
    on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (birthdayReached ? 0 : 1);
}

/** Whether someone born on `birthDate` is at least `years` old on `onDate` (never before birth). */
export function hasReachedAge(birthDate: LocalDate, onDate: LocalDate, years: number): boolean {
  return onDate >= birthDate && ageInYears(birthDate, onDate) >= years;
}

/**
 * The group years (birth years) of the children who are still under the age limit on `today`,
 * oldest first: the years free places can be added for. A child born on the same day of the
 * month `ageLimitYears` years ago has just reached the limit (as {@link ageInYears} counts).
 */
export function preschoolGroupYears(today: LocalDate, ageLimitYears: number): number[] {
  if (!Number.isInteger(ageLimitYears) || ageLimitYears < 1) {
    throw new RangeError(`Not an age limit: ${ageLimitYears}`);
  }
  const youngest = requireLocalDate(today).year;
  const oldestBirthDate = addCalendarDays(addMonths(today, -12 * ageLimitYears), 1);
  const oldest = requireLocalDate(oldestBirthDate).year;
  return Array.from({ length: youngest - oldest + 1 }, (_, index) => oldest + index);
}
