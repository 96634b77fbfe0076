import { describe, expect, it } from 'vitest';
import { initialMethod, type SignMethod } from './sign-method.ts';

describe('the signing dialog’s first method', () => {
  const cases: [SignMethod | undefined, SignMethod | null, boolean, SignMethod][] = [
    // asked, remembered, NCALayer answers → opens with
    ['file', 'mobile', true, 'file'],
    [undefined, 'file', true, 'file'],
    [undefined, 'mobile', true, 'mobile'],
    [undefined, 'ncalayer', true, 'ncalayer'],
    [undefined, 'ncalayer', false, 'mobile'],
    [undefined, null, true, 'ncalayer'],
    [undefined, null, false, 'mobile'],
  ];
  it.each(cases)(
    'asked %s, remembered %s, NCALayer %s → %s',
    (asked, remembered, ncaLayer, want) => {
      expect(initialMethod({ asked, remembered, ncaLayer })).toBe(want);
    },
  );
});
