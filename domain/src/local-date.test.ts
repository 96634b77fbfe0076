import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addMonths,
  fromDayNumber,
  isLocalDate,
  parseLocalDate,
  toDayNumber,
  weekdayOf,
} from './local-date.ts';

describe('parseLocalDate', () => {
  it.each([
    { value: '2026-03-20', parts: { year: 2026, month: 3, day: 20 } },
    { value: '2024-02-29', parts: { year: 2024, month: 2, day: 29 } },
    { value: '2000-02-29', parts: { year: 2000, month: 2, day: 29 } },
    { value: '0050-01-01', parts: { year: 50, month: 1, day: 1 } },
    { value: '2023-02-29', parts: null },
    { value: '1900-02-29', parts: null },
    { value: '2026-04-31', parts: null },
    { value: '2026-13-01', parts: null },
    { value: '2026-00-10', parts: null },
    { value: '2026-01-00', parts: null },
    { value: '2026-1-05', parts: null },
    { value: '2026-01-05T00:00', parts: null },
    { value: '', parts: null },
  ])('$value → $parts', ({ value, parts }) => {
    expect(parseLocalDate(value)).toEqual(parts);
    expect(isLocalDate(value)).toBe(parts !== null);
  });
});

describe('addCalendarDays', () => {
  it.each([
    { date: '2026-03-20', days: 0, expected: '2026-03-20' },
    { date: '2026-03-20', days: 1, expected: '2026-03-21' },
    { date: '2025-12-31', days: 1, expected: '2026-01-01' },
    { date: '2024-02-28', days: 1, expected: '2024-02-29' },
    { date: '2023-02-28', days: 1, expected: '2023-03-01' },
    { date: '2026-03-01', days: -1, expected: '2026-02-28' },
    { date: '2026-01-10', days: 30, expected: '2026-02-09' },
    { date: '2026-01-01', days: 365, expected: '2027-01-01' },
    { date: '0099-12-31', days: 1, expected: '0100-01-01' },
  ])('$date + $days → $expected', ({ date, days, expected }) => {
    expect(addCalendarDays(date, days)).toBe(expected);
  });

  it.each([
    { date: '2026-02-30', days: 1 },
    { date: '2026-03-20', days: 0.5 },
    { date: '9999-12-31', days: 1 },
  ])('refuses $date + $days', ({ date, days }) => {
    expect(() => addCalendarDays(date, days)).toThrow(RangeError);
  });
});

describe('weekdayOf', () => {
  it.each([
    { date: '1970-01-01', weekday: 4 },
    { date: '1969-12-31', weekday: 3 },
    { date: '2026-01-04', weekday: 0 },
    { date: '2026-01-05', weekday: 1 },
    { date: '2026-03-21', weekday: 6 },
    { date: '2000-02-29', weekday: 2 },
  ])('$date → $weekday', ({ date, weekday }) => {
    expect(weekdayOf(date)).toBe(weekday);
  });
});

describe('day numbers', () => {
  it.each(['1970-01-01', '1899-12-31', '2026-03-20', '0001-01-01', '9999-12-31'])(
    'round-trip %s',
    (date) => {
      expect(fromDayNumber(toDayNumber(date))).toBe(date);
    },
  );
});

describe('addMonths', () => {
  it.each([
    ['2026-03-02', 12, '2027-03-02'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-15', -6, '2025-11-15'],
  ])('%s + %i months → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
