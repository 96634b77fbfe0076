import type { Language } from '@kezek/contracts';
import { useTranslation } from 'react-i18next';
import i18n, { currentLanguage } from './index.ts';
import { translate } from './message.tsx';

/** A trilingual name in the given language. */
export function localName(name: Record<Language, string>, lng: Language = currentLanguage()) {
  return name[lng] || name.ru || name.kk;
}

/** A kindergarten's name: kk in the Kazakh interface, ru otherwise (there is no English name). */
export function kindergartenName(
  name: { kk: string; ru: string },
  lng: Language = currentLanguage(),
) {
  return lng === 'kk' ? name.kk || name.ru : name.ru || name.kk;
}

function dateParts(
  date: string,
): { year: number; month: number; day: number; weekday: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const instant = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(instant.getTime())) return null;
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    weekday: instant.getUTCDay(),
  };
}

/**
 * `YYYY-MM-DD` as a long date: "2026 жылғы 22 наурыз", "22 марта 2026 г.", "22 March 2026".
 * From the catalogs, not Intl: browsers (Chromium among them) often lack Kazakh locale data.
 */
export function formatDate(date: string, lng: Language = currentLanguage()): string {
  const parts = dateParts(date);
  if (!parts) return date;
  const month = translate(i18n.t, `date.months.m${parts.month}`, { lng });
  return translate(i18n.t, 'date.long', { lng, year: parts.year, day: parts.day, month });
}

export function formatWeekday(date: string, lng: Language = currentLanguage()): string {
  const parts = dateParts(date);
  return parts ? translate(i18n.t, `date.weekdays.d${parts.weekday}`, { lng }) : '';
}

/** `YYYY-MM` as a month of a year: "2026 жылғы қыркүйек", "сентябрь 2026 г.", "September 2026". */
export function formatMonth(month: string, lng: Language = currentLanguage()): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const name = translate(i18n.t, `date.monthNames.m${Number(match[2])}`, { lng });
  return translate(i18n.t, 'date.monthYear', { lng, year: Number(match[1]), month: name });
}

/** The current interface language; re-renders the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage;
  return lng === 'ru' || lng === 'en' || lng === 'kk' ? lng : 'kk';
}

/** `YYYY-MM-DD` as "09.05.2020", the seeds' numeric form (the same in kk, ru and en). */
export function formatShortDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

/** Almaty is on UTC+5 all year (domain/almaty-time.ts): no time-zone data needed. */
const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;

/**
 * An instant as the date and time in Asia/Almaty: "31.07.2026 17:29" (with `seconds`,
 * "31.07.2026 17:29:09"), whatever the time zone of the browser.
 */
export function formatDateTime(instant: string, options: { seconds?: boolean } = {}): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const local = new Date(ms + ALMATY_OFFSET_MS).toISOString();
  const date = formatShortDate(local.slice(0, 10));
  return `${date} ${local.slice(11, options.seconds ? 19 : 16)}`;
}

/** The time of day in Almaty of an instant, "17:29". */
export function formatTime(instant: string): string {
  return formatDateTime(instant).slice(11);
}

/** The calendar date in Almaty of an instant, "02.03.2027". */
export function formatInstantDate(instant: string): string {
  return formatDateTime(instant).slice(0, 10);
}

/** A file size for people: "850 KB", "2.4 MB" (units in the catalog). */
export function formatFileSize(bytes: number, lng: Language = currentLanguage()): string {
  if (bytes < 1024 * 1024) {
    const kb = Math.max(1, Math.round(bytes / 1024));
    return translate(i18n.t, 'units.kb', { lng, value: kb });
  }
  const mb = (bytes / (1024 * 1024)).toFixed(1).replace('.', lng === 'en' ? '.' : ',');
  return translate(i18n.t, 'units.mb', { lng, value: mb });
}
