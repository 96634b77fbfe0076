import type { LocalDate } from './local-date.ts';
import { addCalendarDays, formatLocalDate, isWeekend } from './local-date.ts';

export type LocalizedName = { kk: string; ru: string; en: string };

export type Holiday = { date: LocalDate; name: LocalizedName; moved?: boolean };

type HolidayRule = {
  month: number;
  day: number;
  name: LocalizedName;
  /** Religious holidays keep their date even on a weekend (Labour Code art. 85 moves secular ones only). */
  religious: boolean;
};

const NEW_YEAR: LocalizedName = { kk: 'Жаңа жыл', ru: 'Новый год', en: 'New Year' };
const NAURYZ: LocalizedName = { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' };

const FIXED_HOLIDAYS: readonly HolidayRule[] = [
  { month: 1, day: 1, name: NEW_YEAR, religious: false },
  { month: 1, day: 2, name: NEW_YEAR, religious: false },
  {
    month: 1,
    day: 7,
    name: {
      kk: 'Православиелік Рождество',
      ru: 'Православное Рождество',
      en: 'Orthodox Christmas',
    },
    religious: true,
  },
  {
    month: 3,
    day: 8,
    name: {
      kk: 'Халықаралық әйелдер күні',
      ru: 'Международный женский день',
      en: "International Women's Day",
    },
    religious: false,
  },
  { month: 3, day: 21, name: NAURYZ, religious: false },
  { month: 3, day: 22, name: NAURYZ, religious: false },
  { month: 3, day: 23, name: NAURYZ, religious: false },
  {
    month: 5,
    day: 1,
    name: {
      kk: 'Қазақстан халқының бірлігі мерекесі',
      ru: 'Праздник единства народа Казахстана',
      en: 'Day of Unity of the People of Kazakhstan',
    },
    religious: false,
  },
  {
    month: 5,
    day: 7,
    name: {
      kk: 'Отан қорғаушы күні',
      ru: 'День защитника Отечества',
      en: 'Defender of the Fatherland Day',
    },
    religious: false,
  },
  {
    month: 5,
    day: 9,
    name: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' },
    religious: false,
  },
  {
    month: 7,
    day: 6,
    name: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital Day' },
    religious: false,
  },
  {
    month: 8,
    day: 30,
    name: {
      kk: 'Қазақстан Республикасының Конституциясы күні',
      ru: 'День Конституции Республики Казахстан',
      en: 'Constitution Day',
    },
    religious: false,
  },
  {
    month: 10,
    day: 25,
    name: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' },
    religious: false,
  },
  {
    month: 12,
    day: 16,
    name: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' },
    religious: false,
  },
];

const KURBAN_AIT: LocalizedName = { kk: 'Құрбан айт', ru: 'Курбан айт', en: 'Kurban Ait' };

/** First day of Kurban Ait; the government fixes it each year, so only known years are listed. */
export const KURBAN_AIT_FIRST_DAYS: Readonly<Record<number, LocalDate>> = Object.freeze({
  2019: '2019-08-11',
  2020: '2020-07-31',
  2021: '2021-07-20',
  2022: '2022-07-09',
  2023: '2023-06-28',
  2024: '2024-06-16',
  2025: '2025-06-06',
  2026: '2026-05-27',
  2027: '2027-05-16',
  2028: '2028-05-05',
  2029: '2029-04-24',
  2030: '2030-04-13',
  2031: '2031-04-02',
  2032: '2032-03-22',
  2033: '2033-03-11',
  2034: '2034-03-01',
  2035: '2035-02-18',
});

type StatutoryHoliday = { date: LocalDate; name: LocalizedName; religious: boolean };

function statutoryHolidays(year: number): StatutoryHoliday[] {
  const holidays = FIXED_HOLIDAYS.map(({ month, day, name, religious }) => ({
    date: formatLocalDate({ year, month, day }),
    name,
    religious,
  }));
  const kurbanAit = KURBAN_AIT_FIRST_DAYS[year];
  if (kurbanAit) holidays.push({ date: kurbanAit, name: KURBAN_AIT, religious: true });
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The public holidays of a year, sorted by date. A secular holiday on a weekend is listed on its
 * own date and again, with `moved: true`, on the working day it moves to. Decrees that move
 * days are not here: they come from the calendar overrides.
 */
export function holidaysOfYear(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9998) {
    throw new RangeError(`Not a supported year: ${year}`);
  }
  const statutory = statutoryHolidays(year);
  const daysOff = new Set(statutory.map((holiday) => holiday.date));
  const moved: Holiday[] = [];
  for (const holiday of statutory) {
    if (holiday.religious || !isWeekend(holiday.date)) continue;
    // Several holidays on one weekend each take a distinct day (Nauryz 2026 → 24 and 25 March).
    let target = addCalendarDays(holiday.date, 1);
    while (isWeekend(target) || daysOff.has(target)) target = addCalendarDays(target, 1);
    daysOff.add(target);
    moved.push({ date: target, name: holiday.name, moved: true });
  }
  const listed: Holiday[] = statutory.map(({ date, name }) => ({ date, name }));
  return [...listed, ...moved].sort((a, b) => a.date.localeCompare(b.date));
}
