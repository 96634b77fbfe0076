import { describe, expect, it } from 'vitest';
import type { CalendarOverride } from './calendar.ts';
import {
  addWorkingDays,
  buildWorkCalendar,
  isWorkingDay,
  workingDaysDeadline,
} from './calendar.ts';

const statutory = buildWorkCalendar([]);

describe('isWorkingDay', () => {
  it.each([
    { date: '2026-01-01', working: false },
    { date: '2026-01-02', working: false },
    { date: '2026-01-07', working: false },
    { date: '2026-01-05', working: true },
    { date: '2026-01-06', working: true },
    { date: '2026-03-08', working: false },
    { date: '2026-03-09', working: false },
    { date: '2026-03-10', working: true },
    { date: '2026-03-20', working: true },
    { date: '2026-03-21', working: false },
    { date: '2026-03-22', working: false },
    { date: '2026-03-23', working: false },
    { date: '2026-03-24', working: false },
    { date: '2026-03-25', working: false },
    { date: '2026-03-26', working: true },
    { date: '2026-05-27', working: false },
    { date: '2025-06-06', working: false },
    { date: '2024-06-17', working: true },
    { date: '2026-04-15', working: true },
    { date: '2026-11-19', working: true },
    { date: '2026-04-18', working: false },
    { date: '2026-04-19', working: false },
    { date: '2028-12-18', working: false },
  ])('$date → $working', ({ date, working }) => {
    expect(isWorkingDay(date, statutory)).toBe(working);
  });

  it('refuses a malformed date', () => {
    expect(() => isWorkingDay('2026-02-30', statutory)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    { date: '2025-12-30', n: 1, expected: '2025-12-31' },
    { date: '2025-12-30', n: 2, expected: '2026-01-05' },
    { date: '2025-12-30', n: 3, expected: '2026-01-06' },
    { date: '2026-01-01', n: 1, expected: '2026-01-05' },
    { date: '2026-03-19', n: 1, expected: '2026-03-20' },
    { date: '2026-03-19', n: 2, expected: '2026-03-26' },
    { date: '2026-03-20', n: 5, expected: '2026-04-01' },
    { date: '2026-03-20', n: 10, expected: '2026-04-08' },
    { date: '2026-03-21', n: 1, expected: '2026-03-26' },
    { date: '2026-05-25', n: 3, expected: '2026-05-29' },
  ])('$date + $n → $expected', ({ date, n, expected }) => {
    expect(addWorkingDays(date, n, statutory)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses n = %s', (n) => {
    expect(() => addWorkingDays('2026-03-20', n, statutory)).toThrow(RangeError);
  });
});

describe('overrides', () => {
  const overrides: CalendarOverride[] = [
    { date: '2026-01-03', kind: 'workday', name: 'Transferred from 2026-01-09' },
    { date: '2026-01-09', kind: 'holiday', name: 'Transferred to 2026-01-03' },
    { date: '2026-03-25', kind: 'workday', name: 'Decree' },
    { date: '2026-04-01', kind: 'holiday', name: 'City day off' },
  ];
  const calendar = buildWorkCalendar(overrides);

  it.each([
    { date: '2026-01-03', working: true },
    { date: '2026-01-04', working: false },
    { date: '2026-01-09', working: false },
    { date: '2026-03-25', working: true },
    { date: '2026-04-01', working: false },
    { date: '2026-04-02', working: true },
  ])('$date → $working', ({ date, working }) => {
    expect(isWorkingDay(date, calendar)).toBe(working);
  });

  it.each([
    { date: '2025-12-30', n: 3, expected: '2026-01-05' },
    { date: '2026-01-08', n: 1, expected: '2026-01-12' },
    { date: '2026-03-20', n: 2, expected: '2026-03-26' },
    { date: '2026-03-30', n: 2, expected: '2026-04-02' },
  ])('$date + $n → $expected', ({ date, n, expected }) => {
    expect(addWorkingDays(date, n, calendar)).toBe(expected);
  });

  it.each([
    {
      case: 'a malformed date',
      overrides: [{ date: '2026-1-3', kind: 'workday', name: 'x' }],
    },
    {
      case: 'two overrides for one day',
      overrides: [
        { date: '2026-01-03', kind: 'workday', name: 'x' },
        { date: '2026-01-03', kind: 'holiday', name: 'y' },
      ],
    },
  ] as { case: string; overrides: CalendarOverride[] }[])('refuses $case', ({ overrides }) => {
    expect(() => buildWorkCalendar(overrides)).toThrow(RangeError);
  });
});

describe('workingDaysDeadline', () => {
  it.each([
    { from: '2026-03-20T10:00:00Z', n: 5, deadline: '2026-04-01T18:59:59.999Z' },
    { from: '2026-03-20T10:00:00Z', n: 10, deadline: '2026-04-08T18:59:59.999Z' },
    // 00:30 on Saturday in Almaty: counted from Saturday, not from Friday (UTC).
    { from: '2026-03-20T19:30:00Z', n: 1, deadline: '2026-03-26T18:59:59.999Z' },
    { from: '2025-12-30T05:00:00Z', n: 3, deadline: '2026-01-06T18:59:59.999Z' },
  ])('$from + $n working days → $deadline', ({ from, n, deadline }) => {
    expect(workingDaysDeadline(new Date(from), n, statutory).toISOString()).toBe(deadline);
  });
});
