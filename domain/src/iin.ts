import type { LocalDate } from './local-date.ts';
import { formatLocalDate, isRealDate, requireLocalDate } from './local-date.ts';

export type Sex = 'male' | 'female';

export type IinRejection = 'format' | 'birth_date' | 'century' | 'checksum';

export type ParsedIin =
  { ok: true; iin: string; birthDate: LocalDate; sex: Sex } | { ok: false; reason: IinRejection };

const IIN_PATTERN = /^\d{12}$/;
const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const UNUSABLE_REMAINDER = 10;
const LAST_SERIAL = 9999;

function weightedSumMod11(digits: readonly number[], weights: readonly number[]): number {
  return digits.reduce((sum, digit, i) => sum + digit * (weights[i] ?? 0), 0) % 11;
}

/** The check digit for the first 11 digits, or null when such a number is never issued. */
export function iinCheckDigit(first11Digits: string): number | null {
  if (!/^\d{11}$/.test(first11Digits)) {
    throw new RangeError('An IIN check digit needs exactly 11 digits');
  }
  const digits = [...first11Digits].map(Number);
  const first = weightedSumMod11(digits, FIRST_PASS_WEIGHTS);
  if (first !== UNUSABLE_REMAINDER) return first;
  const second = weightedSumMod11(digits, SECOND_PASS_WEIGHTS);
  return second === UNUSABLE_REMAINDER ? null : second;
}

function decodeCenturyDigit(digit: number): { centuryStart: number; sex: Sex } | null {
  if (digit < 1 || digit > 6) return null;
  return {
    centuryStart: 1800 + 100 * Math.floor((digit - 1) / 2),
    sex: digit % 2 === 1 ? 'male' : 'female',
  };
}

function encodeCenturyDigit(year: number, sex: Sex): number | null {
  const centuryIndex = Math.floor(year / 100) - 18;
  if (centuryIndex < 0 || centuryIndex > 2) return null;
  return 1 + 2 * centuryIndex + (sex === 'male' ? 0 : 1);
}

export function parseIin(value: string): ParsedIin {
  if (!IIN_PATTERN.test(value)) return { ok: false, reason: 'format' };
  const century = decodeCenturyDigit(Number(value[6]));
  // The century comes first: whether 29 February exists depends on the full year.
  if (!century) return { ok: false, reason: 'century' };
  const birth = {
    year: century.centuryStart + Number(value.slice(0, 2)),
    month: Number(value.slice(2, 4)),
    day: Number(value.slice(4, 6)),
  };
  if (!isRealDate(birth)) return { ok: false, reason: 'birth_date' };
  if (iinCheckDigit(value.slice(0, 11)) !== Number(value[11])) {
    return { ok: false, reason: 'checksum' };
  }
  return { ok: true, iin: value, birthDate: formatLocalDate(birth), sex: century.sex };
}

export function isValidIin(value: string): boolean {
  return parseIin(value).ok;
}

/**
 * Builds a valid IIN for demo data and test fixtures. A serial whose check digit would be 10
 * is never issued, so the next serial is used: two neighbouring serials can give the same IIN.
 */
export function makeIin(birthDate: LocalDate, sex: Sex, serial: number): string {
  const { year, month, day } = requireLocalDate(birthDate);
  const centuryDigit = encodeCenturyDigit(year, sex);
  if (centuryDigit === null) {
    throw new RangeError(`An IIN can only encode birth years 1800–2099, not ${year}`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > LAST_SERIAL) {
    throw new RangeError(`An IIN serial is an integer 0–${LAST_SERIAL}, not ${serial}`);
  }
  const datePart = formatLocalDate({ year, month, day }).slice(2).replaceAll('-', '');
  for (let candidate = serial; candidate <= LAST_SERIAL; candidate++) {
    const first11Digits = `${datePart}${centuryDigit}${String(candidate).padStart(4, '0')}`;
    const checkDigit = iinCheckDigit(first11Digits);
    if (checkDigit !== null) return `${first11Digits}${checkDigit}`;
  }
  throw new RangeError(`No issuable IIN from serial ${serial} up to ${LAST_SERIAL}`);
}

/** Keeps the first 4 and last 2 digits, so logs can correlate without holding the IIN. */
export function maskIin(iin: string): string {
  // Anything that is not an IIN is hidden entirely: it may be a mistyped one.
  if (!IIN_PATTERN.test(iin)) return '*'.repeat(iin.length);
  return `${iin.slice(0, 4)}${'*'.repeat(6)}${iin.slice(10)}`;
}
