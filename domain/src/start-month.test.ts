import { describe, expect, it } from 'vitest';
import { firstDayOfMonth, MONTH_PATTERN, turnMayStart, wantedFromRefusal } from './start-month.ts';

describe('MONTH_PATTERN', () => {
  it.each([
    ['2027-09', true],
    ['2027-12', true],
    ['2027-13', false],
    ['2027-00', false],
    ['2027-9', false],
    ['2027-09-01', false],
  ])('%s matches: %s', (month, matches) => {
    expect(MONTH_PATTERN.test(month)).toBe(matches);
  });
});

describe('wantedFromRefusal', () => {
  it.each([
    { month: '2026-03', today: '2026-03-31', birth: '2022-05-01', refusal: null },
    {
      month: '2026-02',
      today: '2026-03-01',
      birth: '2022-05-01',
      refusal: 'wanted_from_out_of_range',
    },
    { month: '2027-09', today: '2026-03-02', birth: '2022-05-01', refusal: null },
    // The child turns 7 on 2029-05-01: April 2029 is the last month that may still see a turn.
    { month: '2029-04', today: '2026-03-02', birth: '2022-05-01', refusal: null },
    {
      month: '2029-05',
      today: '2026-03-02',
      birth: '2022-05-01',
      refusal: 'wanted_from_out_of_range',
    },
    { month: '2029-05', today: '2026-03-02', birth: '2022-05-02', refusal: null },
  ])('$month on $today for a child born $birth: $refusal', ({ month, today, birth, refusal }) => {
    expect(wantedFromRefusal(month, today, birth, 7)).toBe(refusal);
  });
});

describe('turnMayStart', () => {
  it.each([
    { wantedFrom: null, today: '2026-03-02', may: true },
    { wantedFrom: firstDayOfMonth('2026-09'), today: '2026-08-31', may: false },
    { wantedFrom: firstDayOfMonth('2026-09'), today: '2026-09-01', may: true },
    { wantedFrom: firstDayOfMonth('2026-09'), today: '2027-01-15', may: true },
  ])('wanted from $wantedFrom, on $today: $may', ({ wantedFrom, today, may }) => {
    expect(turnMayStart(wantedFrom, today)).toBe(may);
  });
});
