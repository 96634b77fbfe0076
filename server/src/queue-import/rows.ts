import {
  emailSchema,
  phoneSchema,
  QUEUE_IMPORT_COLUMNS,
  type Language,
  type QueueImportRowProblem,
} from '@kezek/contracts';
import {
  ageInYears,
  APPLICATION_STATUSES,
  benefitCategory,
  localDateOf,
  parseIin,
  parseLocalDate,
  type LocalDate,
  type QueueClass,
} from '@kezek/domain';

/** What the rows are checked against: the districts, each region's age limit, the moment. */
export interface ImportReference {
  /** By id and by each name (lower case); a name two districts share is not a key. */
  districts: ReadonlyMap<string, { id: number; regionId: number }>;
  /** Each region's age limit and the months an applicant's interest holds (region_policies). */
  policies: ReadonlyMap<number, { ageLimitYears: number; interestMonths: number }>;
  now: Date;
}

/** A row that passed the checks that need no other row and no application. */
export interface ImportRow {
  row: number;
  number: string;
  childIin: string;
  birthDate: LocalDate;
  childSex: 'male' | 'female';
  childLastName: string;
  childFirstName: string;
  childMiddleName: string | null;
  applicantIin: string;
  applicantName: string;
  email: string;
  phone: string;
  districtId: number;
  regionId: number;
  queueClass: QueueClass;
  benefitCode: string | null;
  registeredAt: Date;
  language: Language;
}

export type CheckedRow =
  { ok: true; value: ImportRow } | { ok: false; problems: QueueImportRowProblem[] };

/** A legacy number: letters, digits and the separators `.-/`, at most 40 characters. */
const NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$/;
/** An instant with its offset: `2023-05-04T10:11:12+05:00`, `2023-05-04T05:11:12Z`. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const CLASSES: readonly QueueClass[] = ['out_of_turn', 'first_priority', 'general'];
const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];

/** `8 701 123-45-67`, `+7 (701) 1234567` and `+77011234567` are one phone. */
export function normalizedPhone(value: string): string {
  const digits = value.replace(/[\s()-]/g, '');
  return /^8\d{10}$/.test(digits) ? `+7${digits.slice(1)}` : digits;
}

function registeredAtOf(value: string): Date | null {
  if (!INSTANT_PATTERN.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function benefitOf(
  classText: string,
  categoryText: string,
): { queueClass: QueueClass; code: string | null } | QueueImportRowProblem {
  const queueClass = (classText || 'general') as QueueClass;
  if (!CLASSES.includes(queueClass)) return 'benefit_class_unknown';
  if (!categoryText)
    return queueClass === 'general' ? { queueClass, code: null } : 'benefit_category_mismatch';
  const category = benefitCategory(categoryText);
  if (!category) return 'benefit_category_unknown';
  return category.class === queueClass
    ? { queueClass, code: category.code }
    : 'benefit_category_mismatch';
}

/**
 * Checks one row of the file by itself (IINs with their checksums, dates, district, benefit,
 * status, language, contacts): every problem it has, or the row ready to import. Duplicates and
 * the applications already in the database are checked over all rows (validate.ts).
 */
export function checkRow(
  cells: Readonly<Record<string, string>>,
  row: number,
  reference: ImportReference,
): CheckedRow {
  const problems: QueueImportRowProblem[] = [];
  const cell = (name: string) => cells[name] ?? '';
  const number = cell('number');
  if (!NUMBER_PATTERN.test(number)) problems.push('number_invalid');
  const child = parseIin(cell('childIin'));
  if (!child.ok) problems.push('child_iin_invalid');
  const birth = parseLocalDate(cell('birthDate')) ? cell('birthDate') : null;
  if (!birth) problems.push('birth_date_invalid');
  else if (child.ok && child.birthDate !== birth) problems.push('birth_date_mismatch');
  if (!parseIin(cell('applicantIin')).ok) problems.push('applicant_iin_invalid');
  const email = cell('email');
  if (email && !emailSchema.safeParse(email).success) problems.push('email_invalid');
  const phone = normalizedPhone(cell('phone'));
  if (!phoneSchema.safeParse(phone).success) problems.push('phone_invalid');
  const district = reference.districts.get(cell('district').toLowerCase());
  if (!district) problems.push('district_unknown');
  const benefit = benefitOf(cell('benefitClass'), cell('benefitCategory'));
  if (typeof benefit === 'string') problems.push(benefit);
  const registeredAt = registeredAtOf(cell('registeredAt'));
  const today = localDateOf(reference.now);
  if (!registeredAt) problems.push('registered_at_invalid');
  else if (registeredAt > reference.now || (birth !== null && localDateOf(registeredAt) < birth))
    problems.push('registered_at_out_of_range');
  if (birth && district && birth <= today) {
    const limit = reference.policies.get(district.regionId)?.ageLimitYears;
    if (limit !== undefined && ageInYears(birth, today) >= limit) problems.push('child_too_old');
  }
  const status = cell('status') || 'queued';
  if (!(APPLICATION_STATUSES as readonly string[]).includes(status))
    problems.push('status_unknown');
  else if (status !== 'queued') problems.push('status_not_waiting');
  const language = cell('language').toLowerCase() as Language;
  if (!LANGUAGES.includes(language)) problems.push('language_unknown');
  if (problems.length > 0 || !child.ok || !district || typeof benefit === 'string' || !registeredAt)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      row,
      number,
      childIin: child.iin,
      birthDate: child.birthDate,
      childSex: child.sex,
      childLastName: cell('childLastName'),
      childFirstName: cell('childFirstName'),
      childMiddleName: cell('childMiddleName') || null,
      applicantIin: cell('applicantIin'),
      applicantName: cell('applicantName'),
      email,
      phone,
      districtId: district.id,
      regionId: district.regionId,
      queueClass: benefit.queueClass,
      benefitCode: benefit.code,
      registeredAt,
      language,
    },
  };
}

/** The required columns a header lacks. */
export const missingColumns = (header: readonly string[]) =>
  QUEUE_IMPORT_COLUMNS.filter((column) => !header.includes(column));

/** The serial of a number in kezek's own form (`UO.2024.000123.1`), else null. */
export function kezekSerialOf(number: string): number | null {
  const match = /^UO\.\d{4}\.(\d{6})\.\d$/.exec(number);
  return match ? Number(match[1]) : null;
}
