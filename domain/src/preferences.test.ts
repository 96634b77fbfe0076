import { describe, expect, it } from 'vitest';
import { preferencesChangeOpen, preferencesRefusal } from './preferences.ts';

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
    { ids: [], ranked: true, nearby: true, refusal: null },
    { ids: [1, 1], ranked: true, nearby: true, refusal: 'preferences_repeated' },
  ])(
    '$ids (ranked region: $ranked, any nearby: $nearby): $refusal',
    ({ ids, ranked, nearby, refusal }) => {
      expect(preferencesRefusal(ids, ranked, district, nearby ?? false)).toBe(refusal);
    },
  );
});

describe('preferencesChangeOpen', () => {
  it.each([
    { status: 'queued', ranked: true, open: true },
    { status: 'stop_listed', ranked: true, open: true },
    { status: 'turn', ranked: true, open: false },
    { status: 'enrolled', ranked: true, open: false },
    { status: 'queued', ranked: false, open: false },
  ] as const)('$status (ranked region: $ranked): $open', ({ status, ranked, open }) => {
    expect(preferencesChangeOpen(status, ranked)).toBe(open);
  });
});
