import { addMonths, type LocalDate } from './local-date.ts';

/**
 * The month from which a parent wants a place (docs/rules.md, "The month a place is wanted
 * from"): an application may name it, and no turn is given before its first day; the child keeps
 * its place in the queue meanwhile and may still take a place in free choice.
 */

/** A month as `YYYY-MM`. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The first day of a `YYYY-MM` month. */
export function firstDayOfMonth(month: string): LocalDate {
  return `${month}-01`;
}

/**
 * Why a wanted month is refused, or null: it must be this month or later, and begin before the
 * child reaches the age limit (a later one would never see a turn).
 */
export function wantedFromRefusal(
  month: string,
  today: LocalDate,
  birthDate: LocalDate,
  ageLimitYears: number,
): 'wanted_from_out_of_range' | null {
  const first = firstDayOfMonth(month);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const ageLimit = addMonths(birthDate, 12 * ageLimitYears);
  return first < thisMonth || first >= ageLimit ? 'wanted_from_out_of_range' : null;
}

/** Whether a turn may be given today to a child whose place is wanted from `wantedFrom`. */
export function turnMayStart(wantedFrom: LocalDate | null, today: LocalDate): boolean {
  return wantedFrom === null || wantedFrom <= today;
}
