import type { TFunction } from 'i18next';
import { formatDateTime } from '../i18n/format.ts';

/**
 * What a history row says about a place (docs/rules.md, places given back): where the place of a
 * direction that ended unused went, and a turn's own deadline, given for a place given back or not.
 */
export function placeDetails(
  t: TFunction,
  event: string,
  details: Record<string, unknown> | null,
): string[] {
  const parts: string[] = [];
  if (event === 'application.turn_given') {
    if (details?.placeReturned === true) parts.push(t('placement.history.placeReturned'));
    if (typeof details?.turnUntil === 'string') {
      parts.push(t('placement.history.chooseBy', { at: formatDateTime(details.turnUntil) }));
    }
  }
  const placeTo = details?.placeTo;
  if (placeTo === 'turn' || placeTo === 'free_choice') {
    parts.push(t(`placement.history.placeTo.${placeTo}`));
  }
  return parts;
}
