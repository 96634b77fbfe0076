import { describe, expect, it } from 'vitest';
import en from './en.json';
import kk from './kk.json';
import ru from './ru.json';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`.replace(PLURAL_SUFFIX, '')],
  );
}

function strings(tree: object): string[] {
  return Object.values(tree).flatMap((value) =>
    typeof value === 'object' && value !== null ? strings(value as object) : [String(value)],
  );
}

const PROBLEM_CODES = [
  'validation_failed',
  'invalid_iin',
  'not_signed_in',
  'bad_credentials',
  'forbidden',
  'csrf_invalid',
  'not_found',
  'rate_limited',
  'region_code_taken',
  'district_name_taken',
  'kindergarten_name_taken',
  'staff_iin_taken',
  'unknown_region',
  'unknown_district',
  'unknown_kindergarten',
  'internal_error',
];

describe('message catalogs', () => {
  it('have the same keys in kk, ru and en', () => {
    const expected = [...new Set(keys(kk))].sort();
    expect([...new Set(keys(ru))].sort()).toEqual(expected);
    expect([...new Set(keys(en))].sort()).toEqual(expected);
  });

  it('have no empty message', () => {
    for (const catalog of [kk, ru, en]) {
      expect(strings(catalog).filter((text) => text.trim() === '')).toEqual([]);
    }
  });

  it('name every problem code of the API', () => {
    for (const catalog of [kk, ru, en]) {
      for (const code of PROBLEM_CODES) {
        expect((catalog.errors as Record<string, string>)[code], code).toBeTruthy();
      }
    }
  });

  it('write Kazakh in Kazakh', () => {
    expect(kk.signin.title).toBe('Жүйеге кіру');
    expect(kk.app.subtitle).toMatch(/[әғқңөұүһі]/);
  });
});
