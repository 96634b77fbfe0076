import type { TFunction } from 'i18next';
import { KINDERGARTEN_TYPES, LANGUAGES, STAFF_ROLES } from '@kezek/contracts';
import type { Language, Region } from '@kezek/contracts';
import { localName } from '../i18n/format.ts';

export type Option = { value: string; label: string };
export type OptionGroup = { group: string; items: Option[] };

export function typeOptions(t: TFunction): Option[] {
  return KINDERGARTEN_TYPES.map((type) => ({ value: type, label: t(`kgType.${type}`) }));
}

export function languageOptions(t: TFunction): Option[] {
  return LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }));
}

export function staffRoleOptions(t: TFunction): Option[] {
  return STAFF_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
}

export function regionOptions(regions: readonly Region[], lng: Language): Option[] {
  return regions.map((region) => ({
    value: String(region.id),
    label: localName(region.name, lng),
  }));
}

/** The districts of one region, or of all regions grouped by region. */
export function districtOptions(
  regions: readonly Region[],
  regionId: string,
  lng: Language,
): (Option | OptionGroup)[] {
  const toOption = (district: Region['districts'][number]): Option => ({
    value: String(district.id),
    label: localName(district.name, lng),
  });
  const region = regions.find((item) => String(item.id) === regionId);
  if (region) return region.districts.map(toOption);
  return regions
    .filter((item) => item.districts.length > 0)
    .map((item) => ({ group: localName(item.name, lng), items: item.districts.map(toOption) }));
}

/** The birth years a queue is kept for: the children under the age limit (7 by default). */
export function groupYears(): number[] {
  const year = new Date().getFullYear();
  return Array.from({ length: 8 }, (_, i) => year - i);
}

/** District id → "District (Region)" style lookups. */
export function districtIndex(regions: readonly Region[]) {
  const index = new Map<number, { district: Region['districts'][number]; region: Region }>();
  for (const region of regions) {
    for (const district of region.districts) index.set(district.id, { district, region });
  }
  return index;
}

export function languagesText(languages: readonly Language[], t: TFunction): string {
  return languages.map((language) => t(`languageShort.${language}`)).join(', ');
}
