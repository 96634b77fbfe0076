import type { LocalDate } from './local-date.ts';
import { addCalendarDays, fromDayNumber, toDayNumber } from './local-date.ts';

/**
 * Kazakhstan has been on UTC+5 everywhere, without DST, since 2024-03-01. A fixed offset keeps
 * the domain free of tz data; instants before that date (Almaty was UTC+6) are not special-cased.
 */
export const ALMATY_UTC_OFFSET = '+05:00';

const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;
const MS_PER_DAY = 86_400_000;

function requireValidInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** The calendar date in Almaty at the given instant. */
export function localDateOf(instant: Date): LocalDate {
  const ms = requireValidInstant(instant);
  return fromDayNumber(Math.floor((ms + ALMATY_OFFSET_MS) / MS_PER_DAY));
}

/** 00:00:00.000 in Almaty on that date. */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(toDayNumber(date) * MS_PER_DAY - ALMATY_OFFSET_MS);
}

/** 23:59:59.999 in Almaty on that date. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfLocalDay(addCalendarDays(date, 1)).getTime() - 1);
}
