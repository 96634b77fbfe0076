import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDateOf, startOfLocalDay } from './almaty-time.ts';

describe('localDateOf', () => {
  it.each([
    { instant: '2026-03-20T18:59:59.999Z', date: '2026-03-20' },
    { instant: '2026-03-20T19:00:00.000Z', date: '2026-03-21' },
    { instant: '2026-03-20T19:30:00Z', date: '2026-03-21' },
    { instant: '2025-12-31T19:00:00Z', date: '2026-01-01' },
    { instant: '2026-01-01T00:00:00+05:00', date: '2026-01-01' },
    { instant: '1969-12-31T20:00:00Z', date: '1970-01-01' },
  ])('$instant → $date', ({ instant, date }) => {
    expect(localDateOf(new Date(instant))).toBe(date);
  });

  it('refuses an invalid Date', () => {
    expect(() => localDateOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('local day bounds', () => {
  it.each([
    { date: '2026-03-20', start: '2026-03-19T19:00:00.000Z', end: '2026-03-20T18:59:59.999Z' },
    { date: '2026-01-01', start: '2025-12-31T19:00:00.000Z', end: '2026-01-01T18:59:59.999Z' },
    { date: '2024-02-29', start: '2024-02-28T19:00:00.000Z', end: '2024-02-29T18:59:59.999Z' },
  ])('$date', ({ date, start, end }) => {
    expect(startOfLocalDay(date).toISOString()).toBe(start);
    expect(endOfLocalDay(date).toISOString()).toBe(end);
    expect(localDateOf(startOfLocalDay(date))).toBe(date);
    expect(localDateOf(endOfLocalDay(date))).toBe(date);
  });
});
