import { describe, expect, it } from 'vitest';
import { phoneSchema } from '@kezek/contracts';
import { formatPhone, nextPhoneValue, phoneDigits, phoneForApi } from './phone.ts';

describe('the +7 phone mask', () => {
  it.each([
    ['', ''],
    ['7', '+7 7'],
    ['+7 701', '+7 701'],
    ['+7 7012', '+7 701 2'],
    ['+77012345678', '+7 701 234 56 78'],
    ['87012345678', '+7 701 234 56 78'],
    ['7012345678', '+7 701 234 56 78'],
    ['+7 (701) 234-56-78', '+7 701 234 56 78'],
    ['8 (701) 234 56 78 99', '+7 701 234 56 78'],
    ['8 701 234 5', '+7 701 234 5'],
    ['77012345678', '+7 701 234 56 78'],
  ])('%j shows as %j', (typed, shown) => {
    expect(nextPhoneValue('', typed)).toBe(shown);
  });

  it('backspace over a space or the +7 deletes a digit', () => {
    expect(nextPhoneValue('+7 701 2', '+7 7012')).toBe('+7 701');
    expect(nextPhoneValue('+7 701 2', '+7 701 ')).toBe('+7 701');
    expect(nextPhoneValue('+7 701', '+7 701')).toBe('+7 701');
    expect(nextPhoneValue('+7 701 234', '+7 701234')).toBe('+7 701 23');
    expect(nextPhoneValue('+7 7', '+7 ')).toBe('');
    expect(nextPhoneValue('+7 7', '+')).toBe('');
  });

  it('gives the API the contract form', () => {
    expect(phoneForApi('+7 701 234 56 78')).toBe('+77012345678');
    expect(phoneSchema.safeParse(phoneForApi('+7 701 234 56 78')).success).toBe(true);
    expect(phoneSchema.safeParse(phoneForApi('+7 701 234')).success).toBe(false);
    expect(phoneForApi('')).toBeUndefined();
    expect(formatPhone(phoneDigits('+77172000000'))).toBe('+7 717 200 00 00');
  });
});
