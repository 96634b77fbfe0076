import { createPlacesSchema } from '@kezek/contracts';
import type { PlaceFilters } from '../api/places.ts';
import type { Kindergarten, KindergartenType, Language, PlaceState, User } from '../api/types.ts';
import { hasRole } from '../api/session.ts';
import { idOrUndefined, numberOrNull } from '../forms/validation.tsx';

/** The add-places form as typed: select values are strings, the count input a number or ''. */
export interface AddPlacesValues {
  kindergartenId: string;
  groupYear: string;
  language: string;
  count: number | string;
}

/** The bounds of a batch's size, as the contract sets them. */
export const COUNT_BOUNDS = {
  min: createPlacesSchema.shape.count.minValue ?? 1,
  max: createPlacesSchema.shape.count.maxValue ?? Number.MAX_SAFE_INTEGER,
};

/** Staff add places for their own kindergartens, administrators for any; officers only read. */
export function canAddPlaces(user: User | null): boolean {
  return hasRole(user, ['staff', 'admin']);
}

/** The kindergartens the user may add places for. */
export function kindergartensToAddFor(
  user: User | null,
  kindergartens: readonly Kindergarten[],
): Kindergarten[] {
  if (!user) return [];
  if (hasRole(user, ['admin'])) return [...kindergartens];
  if (!hasRole(user, ['staff'])) return [];
  const mine = new Set(user.kindergartenIds);
  return kindergartens.filter((kindergarten) => mine.has(kindergarten.id));
}

/**
 * The kindergartens whose places the user sees (as the server scopes GET /api/places): their own
 * as staff, those of their districts as an officer, every one as an administrator.
 */
export function kindergartensInView(
  user: User | null,
  kindergartens: readonly Kindergarten[],
): Kindergarten[] {
  if (!user) return [];
  if (hasRole(user, ['admin'])) return [...kindergartens];
  const own = new Set(hasRole(user, ['staff']) ? user.kindergartenIds : []);
  const districts = new Set(hasRole(user, ['officer']) ? user.districtIds : []);
  return kindergartens.filter(
    (kindergarten) => own.has(kindergarten.id) || districts.has(kindergarten.districtId),
  );
}

/** A choice made for the user when it is the only one: one kindergarten, one language. */
export function onlyChoice<T>(choices: readonly T[]): T | undefined {
  return choices.length === 1 ? choices[0] : undefined;
}

/** The form's first values: the kindergarten and its language preselected when there is one. */
export function initialAddPlacesValues(kindergartens: readonly Kindergarten[]): AddPlacesValues {
  const kindergarten = onlyChoice(kindergartens);
  return {
    kindergartenId: kindergarten ? String(kindergarten.id) : '',
    groupYear: '',
    language: (kindergarten && onlyChoice(kindergarten.languages)) ?? '',
    count: '',
  };
}

/**
 * The values after the kindergarten changed: a language it does not teach and a group year it
 * does not offer are cleared, an only language is chosen.
 */
export function withKindergarten(
  values: AddPlacesValues,
  kindergarten: Kindergarten | undefined,
  groupYears: readonly number[] | undefined,
): AddPlacesValues {
  const languages: readonly string[] = kindergarten?.languages ?? [];
  const language = languages.includes(values.language)
    ? values.language
    : (onlyChoice(languages) ?? '');
  const keepYear = groupYears?.includes(Number(values.groupYear)) ?? false;
  return {
    ...values,
    kindergartenId: kindergarten ? String(kindergarten.id) : '',
    language,
    groupYear: keepYear ? values.groupYear : '',
  };
}

/** The form's values as the body of POST /api/places (what createPlacesSchema checks). */
export function toCreatePlacesInput(values: AddPlacesValues) {
  return {
    kindergartenId: idOrUndefined(values.kindergartenId),
    groupYear: values.groupYear === '' ? undefined : Number(values.groupYear),
    language: values.language || undefined,
    count: numberOrNull(values.count) ?? undefined,
  };
}

/** The list's filters as the inputs hold them. */
export const NO_PLACE_FILTERS = {
  kindergartenId: '',
  groupYear: '',
  language: '',
  type: '',
  state: '',
  addedFrom: '',
  addedTo: '',
};
export type PlaceFilterValues = typeof NO_PLACE_FILTERS;

/**
 * The filters as GET /api/places takes them; a group year counts once it has its four digits
 * (while it is being typed the list stays as it is).
 */
export function placeQuery(values: PlaceFilterValues): PlaceFilters {
  const year = values.groupYear.trim();
  return {
    kindergartenId: idOrUndefined(values.kindergartenId),
    groupYear: /^\d{4}$/.test(year) ? Number(year) : undefined,
    language: (values.language || undefined) as Language | undefined,
    type: (values.type || undefined) as KindergartenType | undefined,
    state: (values.state || undefined) as PlaceState | undefined,
    addedFrom: values.addedFrom || undefined,
    addedTo: values.addedTo || undefined,
  };
}
