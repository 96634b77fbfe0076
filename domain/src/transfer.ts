import { preferencesRefusal, type PreferencesRefusal } from './preferences.ts';

/**
 * Transfers (docs/rules.md, "Transfers"): the parent of an enrolled child asks, signed, for up to
 * five kindergartens of the district in order of preference; places released at one of them go
 * first to the open transfer requests that rank it, oldest first.
 */
export type TransferRefusal =
  | 'transfer_not_enrolled'
  | 'transfer_already_requested'
  | 'transfer_own_kindergarten'
  | PreferencesRefusal;

export interface TransferAsked {
  /** The child attends a kindergarten: the application is enrolled and its enrolment has no departure. */
  attending: boolean;
  /** The kindergarten the child attends. */
  currentKindergartenId: number | null;
  /** An open transfer request of this application already waits. */
  openRequest: boolean;
  /** The kindergartens asked for, best first. */
  kindergartenIds: readonly number[];
  /** The kindergartens of the district that give places by turn (not private ones). */
  offeredByTurn: ReadonlySet<number>;
}

/**
 * Why a transfer request is refused, or null: only for a child who attends a kindergarten, one
 * open request at a time, the own kindergarten not among those asked for, and the ranking's own
 * rules (at least one, at most five, none twice, of the district and given by turn).
 */
export function transferRefusal(asked: TransferAsked): TransferRefusal | null {
  if (!asked.attending) return 'transfer_not_enrolled';
  if (asked.openRequest) return 'transfer_already_requested';
  if (
    asked.currentKindergartenId !== null &&
    asked.kindergartenIds.includes(asked.currentKindergartenId)
  )
    return 'transfer_own_kindergarten';
  return preferencesRefusal(asked.kindergartenIds, true, asked.offeredByTurn, false);
}
