import { describe, expect, it } from 'vitest';
import { holidaysOfYear, KURBAN_AIT_FIRST_DAYS } from './holidays.ts';

const datesOf = (year: number, moved: boolean) =>
  holidaysOfYear(year)
    .filter((holiday) => (holiday.moved ?? false) === moved)
    .map((holiday) => holiday.date);

describe('holidaysOfYear', () => {
  it.each([
    {
      year: 2026,
      moved: ['2026-03-09', '2026-03-24', '2026-03-25', '2026-05-11', '2026-08-31', '2026-10-26'],
    },
    { year: 2028, moved: ['2028-01-03', '2028-01-04', '2028-05-08', '2028-12-18'] },
    // 7 May (Sat) skips 9 May (Mon, itself a holiday).
    { year: 2022, moved: ['2022-01-03', '2022-01-04', '2022-05-02', '2022-05-10'] },
    // 7 January 2024 is a Sunday and 16 June 2024 (Kurban Ait) too: religious holidays stay put.
    { year: 2024, moved: ['2024-03-25', '2024-07-08'] },
  ])('moves weekend holidays of $year', ({ year, moved }) => {
    expect(datesOf(year, true)).toEqual(moved);
  });

  it('lists the statutory days of 2026 on their own dates', () => {
    expect(datesOf(2026, false)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-07',
      '2026-03-08',
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-05-01',
      '2026-05-07',
      '2026-05-09',
      '2026-05-27',
      '2026-07-06',
      '2026-08-30',
      '2026-10-25',
      '2026-12-16',
    ]);
  });

  it('names the moved day after the holiday it replaces', () => {
    const moved = holidaysOfYear(2026).find((holiday) => holiday.date === '2026-03-09');
    expect(moved).toEqual({
      date: '2026-03-09',
      moved: true,
      name: {
        kk: 'Халықаралық әйелдер күні',
        ru: 'Международный женский день',
        en: "International Women's Day",
      },
    });
  });

  it.each(
    Object.entries(KURBAN_AIT_FIRST_DAYS).map(([year, date]) => ({ year: Number(year), date })),
  )('includes Kurban Ait $year on $date', ({ year, date }) => {
    const kurbanAit = holidaysOfYear(year).filter((holiday) => holiday.name.en === 'Kurban Ait');
    expect(kurbanAit).toEqual([
      { date, name: { kk: 'Құрбан айт', ru: 'Курбан айт', en: 'Kurban Ait' } },
    ]);
  });

  it.each([2018, 2036])('has no Kurban Ait date for %i (add it as an override)', (year) => {
    expect(holidaysOfYear(year).some((holiday) => holiday.name.en === 'Kurban Ait')).toBe(false);
  });

  it.each([2019, 2026, 2035])('names every holiday of %i in kk, ru and en', (year) => {
    for (const { name } of holidaysOfYear(year)) {
      expect(name.kk && name.ru && name.en).toBeTruthy();
    }
  });

  it.each([0, 2026.5, 10000])('refuses the year %s', (year) => {
    expect(() => holidaysOfYear(year)).toThrow(RangeError);
  });
});
