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

/** The current interface language; re-renders the caller when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage;
  return lng === 'ru' || lng === 'en' || lng === 'kk' ? lng : 'kk';
}
