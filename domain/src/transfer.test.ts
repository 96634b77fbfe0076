import { describe, expect, it } from 'vitest';
import { transferRefusal } from './transfer.ts';

const district = new Set([1, 2, 3, 4, 5, 6, 7]);

describe('transferRefusal', () => {
  it.each([
    { attending: true, open: false, ids: [2, 3], refusal: null },
    { attending: false, open: false, ids: [2], refusal: 'transfer_not_enrolled' },
    { attending: true, open: true, ids: [2], refusal: 'transfer_already_requested' },
    { attending: true, open: false, ids: [2, 1], refusal: 'transfer_own_kindergarten' },
    { attending: true, open: false, ids: [], refusal: 'preferences_required' },
    { attending: true, open: false, ids: [2, 3, 4, 5, 6, 7], refusal: 'preferences_too_many' },
    { attending: true, open: false, ids: [2, 3, 2], refusal: 'preferences_repeated' },
    { attending: true, open: false, ids: [2, 99], refusal: 'preferences_outside_district' },
  ] as const)(
    'attending $attending, open request $open, $ids: $refusal',
    ({ attending, open, ids, refusal }) => {
      expect(
        transferRefusal({
          attending,
          currentKindergartenId: attending ? 1 : null,
          openRequest: open,
          kindergartenIds: ids,
          offeredByTurn: district,
        }),
      ).toBe(refusal);
    },
  );
});
