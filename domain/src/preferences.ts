import type { ApplicationStatus } from './application.ts';

/**
 * Ranked preferences (docs/rules.md, "Ranked preferences"): under the policy `allocation: ranked`
 * an application holds up to five kindergartens of its district in the parent's order, and is
 * offered the best-ranked one that still has a place for it when its turn comes (serial
 * dictatorship, domain/src/allocation.ts).
 */
export const MAX_PREFERENCES = 5;

export type PreferencesRefusal =
  | 'preferences_required'
  | 'preferences_too_many'
  | 'preferences_repeated'
  | 'preferences_outside_district';

/**
 * Why a ranking is refused, or null: at least one kindergarten where the region ranks (or "any
 * within N km of home", `anyNearby`, domain/src/nearby.ts), at most five, none twice, each a kindergarten of the application's district that gives places by turn
 * (not a private one: its places are never offered by turn).
 */
export function preferencesRefusal(
  kindergartenIds: readonly number[],
  ranked: boolean,
  offeredByTurn: ReadonlySet<number>,
  anyNearby: boolean,
): PreferencesRefusal | null {
  if (ranked && kindergartenIds.length === 0 && !anyNearby) return 'preferences_required';
  if (kindergartenIds.length > MAX_PREFERENCES) return 'preferences_too_many';
  if (new Set(kindergartenIds).size !== kindergartenIds.length) return 'preferences_repeated';
  if (kindergartenIds.some((id) => !offeredByTurn.has(id))) return 'preferences_outside_district';
  return null;
}

/**
 * Whether the applicant may change the ranking now: where the region ranks, while the child waits
 * without a turn (a turn's offer was made by the ranking it answers).
 */
export function preferencesChangeOpen(status: ApplicationStatus, ranked: boolean): boolean {
  return ranked && (status === 'queued' || status === 'stop_listed');
}
