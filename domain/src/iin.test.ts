import { describe, expect, it } from 'vitest';
import type { Sex } from './iin.ts';
import { iinCheckDigit, isValidIin, makeIin, maskIin, parseIin } from './iin.ts';

const VALID = [
  { iin: '061211600012', birthDate: '2006-12-11', sex: 'female' },
  { iin: '791028302728', birthDate: '1979-10-28', sex: 'male' },
  { iin: '220315500010', birthDate: '2022-03-15', sex: 'male' },
  // First-pass remainder is 10, so the check digit comes from the second pass.
  { iin: '220315500104', birthDate: '2022-03-15', sex: 'male' },
] as const;

describe('parseIin', () => {
  it.each(VALID)('accepts $iin', ({ iin, birthDate, sex }) => {
    expect(parseIin(iin)).toEqual({ ok: true, iin, birthDate, sex });
    expect(isValidIin(iin)).toBe(true);
  });

  it.each([
    { value: '', reason: 'format' },
    { value: '06121160001', reason: 'format' },
    { value: '0612116000123', reason: 'format' },
    { value: '06121160001A', reason: 'format' },
    { value: ' 061211600012', reason: 'format' },
    { value: '0612-1160001', reason: 'format' },
    { value: '061311600012', reason: 'birth_date' },
    { value: '060011600012', reason: 'birth_date' },
    { value: '061200600012', reason: 'birth_date' },
    { value: '061232600012', reason: 'birth_date' },
    { value: '230230500010', reason: 'birth_date' },
    { value: '230229500010', reason: 'birth_date' },
    { value: '000229300010', reason: 'birth_date' },
    { value: '061211000012', reason: 'century' },
    { value: '061211700012', reason: 'century' },
    { value: '061211800012', reason: 'century' },
    { value: '061211900012', reason: 'century' },
  ] as const)('rejects $value: $reason', ({ value, reason }) => {
    expect(parseIin(value)).toEqual({ ok: false, reason });
    expect(isValidIin(value)).toBe(false);
  });

  const wrongCheckDigits = VALID.flatMap(({ iin }) =>
    Array.from({ length: 10 }, (_, digit) => `${iin.slice(0, 11)}${digit}`).filter(
      (candidate) => candidate !== iin,
    ),
  );
  it.each(wrongCheckDigits)('rejects the wrong check digit in %s', (value) => {
    expect(parseIin(value)).toEqual({ ok: false, reason: 'checksum' });
  });

  // Both passes give 10 for 22031550013: no check digit makes it valid.
  it.each(Array.from({ length: 10 }, (_, digit) => `22031550013${digit}`))(
    'rejects the never-issued number %s',
    (value) => {
      expect(parseIin(value)).toEqual({ ok: false, reason: 'checksum' });
    },
  );

  it.each([
    { value: '000229500010', birthDate: '2000-02-29' },
    { value: '991231200015', birthDate: '1899-12-31' },
  ])('reads the century from the seventh digit: $value', ({ value, birthDate }) => {
    const first11 = value.slice(0, 11);
    const iin = `${first11}${iinCheckDigit(first11)}`;
    expect(parseIin(iin)).toMatchObject({ ok: true, birthDate });
  });
});

describe('iinCheckDigit', () => {
  it.each([
    { first11: '22031550001', expected: 0 },
    { first11: '22031550010', expected: 4 },
    { first11: '79102830272', expected: 8 },
    { first11: '22031550013', expected: null },
  ])('$first11 → $expected', ({ first11, expected }) => {
    expect(iinCheckDigit(first11)).toBe(expected);
  });

  it.each(['2203155001', '220315500100', '2203155001A'])('refuses %s', (value) => {
    expect(() => iinCheckDigit(value)).toThrow(RangeError);
  });
});

describe('makeIin', () => {
  const years = [1800, 1850, 1899, 1900, 1979, 1999, 2000, 2006, 2022, 2024, 2099];
  const monthDays = ['01-01', '02-28', '02-29', '07-15', '12-31'];
  const dates = years.flatMap((year) =>
    monthDays
      .map((monthDay) => `${year}-${monthDay}`)
      .filter(
        (date) =>
          !date.endsWith('02-29') || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)),
      ),
  );
  const sexes: Sex[] = ['male', 'female'];
  const serials = [0, 1, 13, 777, 9998];
  const cases = dates.flatMap((birthDate) =>
    sexes.flatMap((sex) => serials.map((serial) => ({ birthDate, sex, serial }))),
  );

  it.each(cases)('round-trips $birthDate $sex #$serial', ({ birthDate, sex, serial }) => {
    const iin = makeIin(birthDate, sex, serial);
    expect(parseIin(iin)).toEqual({ ok: true, iin, birthDate, sex });
    expect(Number(iin.slice(7, 11))).toBeGreaterThanOrEqual(serial);
  });

  it.each([
    { birthDate: '2022-03-15', sex: 'male', serial: 1, expected: '220315500010' },
    { birthDate: '2022-03-15', sex: 'male', serial: 10, expected: '220315500104' },
    { birthDate: '2022-03-15', sex: 'male', serial: 13, expected: '220315500141' },
  ] as const)(
    'skips never-issued serials: #$serial → $expected',
    ({ birthDate, sex, serial, expected }) => {
      expect(makeIin(birthDate, sex, serial)).toBe(expected);
    },
  );

  it.each([
    { birthDate: '1799-12-31', serial: 1 },
    { birthDate: '2100-01-01', serial: 1 },
    { birthDate: '2023-02-29', serial: 1 },
    { birthDate: '20230101', serial: 1 },
    { birthDate: '2023-01-01', serial: -1 },
    { birthDate: '2023-01-01', serial: 10000 },
    { birthDate: '2023-01-01', serial: 1.5 },
  ])('refuses $birthDate #$serial', ({ birthDate, serial }) => {
    expect(() => makeIin(birthDate, 'female', serial)).toThrow(RangeError);
  });
});

describe('maskIin', () => {
  it.each([
    { value: '061211600012', masked: '0612******12' },
    { value: '791028302728', masked: '7910******28' },
    { value: '0612116000', masked: '**********' },
    { value: 'secret', masked: '******' },
    { value: '', masked: '' },
  ])('$value → $masked', ({ value, masked }) => {
    expect(maskIin(value)).toBe(masked);
  });
});
