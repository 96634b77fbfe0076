import 'i18next';
import type { kk } from './catalogs.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof kk };
    returnNull: false;
  }
}
