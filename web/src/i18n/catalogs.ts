// The interface text, one folder per area of the app as web/src has them (applicant/, admin/,
// placement/, staff/, department/): `<area>/{kk,ru,en}.json`, each with its own top-level keys (a
// test checks that no two areas share one). The shell's catalogs, shared by every area, sit next to
// this file.
import shellEn from './en.json';
import shellKk from './kk.json';
import shellRu from './ru.json';
import applicantEn from './applicant/en.json';
import applicantKk from './applicant/kk.json';
import applicantRu from './applicant/ru.json';
import adminEn from './admin/en.json';
import adminKk from './admin/kk.json';
import adminRu from './admin/ru.json';
import placementEn from './placement/en.json';
import placementKk from './placement/kk.json';
import placementRu from './placement/ru.json';
import staffEn from './staff/en.json';
import staffKk from './staff/kk.json';
import staffRu from './staff/ru.json';
import departmentEn from './department/en.json';
import departmentKk from './department/kk.json';
import departmentRu from './department/ru.json';

/** Each catalog as its areas give it, so the tests can check that they do not overlap. */
export const AREAS = {
  kk: [shellKk, applicantKk, adminKk, placementKk, staffKk, departmentKk],
  ru: [shellRu, applicantRu, adminRu, placementRu, staffRu, departmentRu],
  en: [shellEn, applicantEn, adminEn, placementEn, staffEn, departmentEn],
} as const;

export const kk = {
  ...shellKk,
  ...applicantKk,
  ...adminKk,
  ...placementKk,
  ...staffKk,
  ...departmentKk,
};
export const ru = {
  ...shellRu,
  ...applicantRu,
  ...adminRu,
  ...placementRu,
  ...staffRu,
  ...departmentRu,
};
export const en = {
  ...shellEn,
  ...applicantEn,
  ...adminEn,
  ...placementEn,
  ...staffEn,
  ...departmentEn,
};
