import type { Language } from '@kezek/contracts';
import { localDateOf } from '@kezek/domain';

const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' → 'DD.MM.YYYY', as dates are written in Kazakhstan. */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${match[3]}.${match[2]}.${match[1]}`;
}

/** An instant as Almaty (UTC+5) wall time: 'DD.MM.YYYY HH:MM'. */
export function formatAlmatyInstant(instant: Date): string {
  const local = new Date(instant.getTime() + ALMATY_OFFSET_MS);
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  return `${formatDate(localDateOf(instant))} ${time}`;
}

const LANGUAGE_NAMES: Record<Language, Record<Language, string>> = {
  kk: { kk: 'қазақ тілі', ru: 'орыс тілі', en: 'ағылшын тілі' },
  ru: { kk: 'казахский язык', ru: 'русский язык', en: 'английский язык' },
  en: { kk: 'Kazakh', ru: 'Russian', en: 'English' },
};

/** A language of instruction named in the reader's language (documents and messages). */
export function languageName(language: Language, reader: Language): string {
  return LANGUAGE_NAMES[reader][language];
}
