import { endOfLocalDay, localDateOf } from './almaty-time.ts';
import { holidaysOfYear } from './holidays.ts';
import type { LocalDate } from './local-date.ts';
import { addCalendarDays, isLocalDate, isWeekend } from './local-date.ts';

/** A day moved by government decree or otherwise set by an officer; wins over the statutory rules. */
export type CalendarOverride = { date: LocalDate; kind: 'holiday' | 'workday'; name: string };

export type WorkCalendar = { readonly overrides: ReadonlyMap<LocalDate, CalendarOverride> };

export function buildWorkCalendar(overrides: readonly CalendarOverride[]): WorkCalendar {
  const byDate = new Map<LocalDate, CalendarOverride>();
  for (const override of overrides) {
    if (!isLocalDate(override.date)) {
      throw new RangeError(`Calendar override with a bad date: ${JSON.stringify(override.date)}`);
    }
    // Two overrides for one day would make the answer depend on their order.
    if (byDate.has(override.date)) {
      throw new RangeError(`Two calendar overrides for ${override.date}`);
    }
    byDate.set(override.date, Object.freeze({ ...override }));
  }
  return Object.freeze({ overrides: byDate });
}

const statutoryDaysOffByYear = new Map<number, ReadonlySet<LocalDate>>();

function statutoryDaysOff(year: number): ReadonlySet<LocalDate> {
  let daysOff = statutoryDaysOffByYear.get(year);
  if (!daysOff) {
    daysOff = new Set(holidaysOfYear(year).map((holiday) => holiday.date));
    statutoryDaysOffByYear.set(year, daysOff);
  }
  return daysOff;
}

export function isWorkingDay(date: LocalDate, calendar: WorkCalendar): boolean {
  const override = calendar.overrides.get(date);
  if (override) return override.kind === 'workday';
  if (isWeekend(date)) return false;
  // A holiday never moves into the next year: the last one is 16 December.
  return !statutoryDaysOff(Number(date.slice(0, 4))).has(date);
}

/** The n-th working day after `date`; `date` itself is not counted. */
export function addWorkingDays(date: LocalDate, n: number, calendar: WorkCalendar): LocalDate {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Working days to add must be a whole number ≥ 1, not ${n}`);
  }
  let current = date;
  let remaining = n;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, calendar)) remaining--;
  }
  return current;
}

/** The end (Almaty time) of the n-th working day after the day of `from`, e.g. an enrolment deadline. */
export function workingDaysDeadline(from: Date, n: number, calendar: WorkCalendar): Date {
  return endOfLocalDay(addWorkingDays(localDateOf(from), n, calendar));
}
