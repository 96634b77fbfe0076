import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@kezek/contracts';
import { en, kk, ru } from './catalogs.ts';

/** The interface languages, in the order the switcher shows them. Kazakh is the default. */
export const UI_LANGUAGES = ['kk', 'ru', 'en'] as const satisfies readonly Language[];
export const DEFAULT_LANGUAGE: Language = 'kk';
export const LANGUAGE_STORAGE_KEY = 'kezek.language';

/** Each language's own name: the switcher shows it the same way whatever the current language. */
export const LANGUAGE_ENDONYMS: Record<Language, string> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English',
};

export const resources = {
  kk: { translation: kk },
  ru: { translation: ru },
  en: { translation: en },
} as const;

function isUiLanguage(value: string | undefined): value is Language {
  return (UI_LANGUAGES as readonly string[]).includes(value ?? '');
}

/** The current interface language, always one of kk, ru, en. */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isUiLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

function reflectLanguage(lng: string): void {
  if (typeof document === 'undefined') return;
  const language = isUiLanguage(lng) ? lng : DEFAULT_LANGUAGE;
  document.documentElement.lang = language;
  document.title = `kezek — ${i18n.t('app.subtitle', { lng: language })}`;
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...UI_LANGUAGES],
    load: 'languageOnly',
    nonExplicitSupportedLngs: false,
    detection: {
      // Kazakh unless the user picked another language here before: not the browser's language.
      order: ['localStorage'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
    },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });

i18n.on('languageChanged', reflectLanguage);
reflectLanguage(currentLanguage());

export default i18n;
