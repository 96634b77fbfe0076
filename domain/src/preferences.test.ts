import { describe, expect, it } from 'vitest';
import { preferencesRefusal } from './preferences.ts';

const district = new Set([1, 2, 3, 4, 5, 6]);

describe('preferencesRefusal', () => {
  it.each([
    { ids: [3, 1], ranked: true, refusal: null },
    { ids: [], ranked: false, refusal: null },
    { ids: [], ranked: true, refusal: 'preferences_required' },
    { ids: [1, 2, 3, 4, 5, 6], ranked: true, refusal: 'preferences_too_many' },
    { ids: [1, 2, 1], ranked: true, refusal: 'preferences_repeated' },
    { ids: [1, 9], ranked: true, refusal: 'preferences_outside_district' },
    { ids: [2], ranked: false, refusal: null },
  ])('$ids (ranked region: $ranked): $refusal', ({ ids, ranked, refusal }) => {
    expect(preferencesRefusal(ids, ranked, district)).toBe(refusal);
  });
});
