// The interface text, one folder per area of the app: `<area>/{kk,ru,en}.json`, each with its own
// top-level keys (a test checks that no two areas share one). The core catalogs sit next to this file.
import coreEn from './en.json';
import coreKk from './kk.json';
import coreRu from './ru.json';
import directionsEn from './directions/en.json';
import directionsKk from './directions/kk.json';
import directionsRu from './directions/ru.json';
import placesEn from './places/en.json';
import placesKk from './places/kk.json';
import placesRu from './places/ru.json';
import workspaceEn from './workspace/en.json';
import workspaceKk from './workspace/kk.json';
import workspaceRu from './workspace/ru.json';
import departmentEn from './department/en.json';
import departmentKk from './department/kk.json';
import departmentRu from './department/ru.json';

/** Each catalog as its areas give it, so the tests can check that they do not overlap. */
export const AREAS = {
  kk: [coreKk, directionsKk, placesKk, workspaceKk, departmentKk],
  ru: [coreRu, directionsRu, placesRu, workspaceRu, departmentRu],
  en: [coreEn, directionsEn, placesEn, workspaceEn, departmentEn],
} as const;

export const kk = { ...coreKk, ...directionsKk, ...placesKk, ...workspaceKk, ...departmentKk };
export const ru = { ...coreRu, ...directionsRu, ...placesRu, ...workspaceRu, ...departmentRu };
export const en = { ...coreEn, ...directionsEn, ...placesEn, ...workspaceEn, ...departmentEn };
