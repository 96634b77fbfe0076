import { useKindergartens, useRegions } from '../api/reference.ts';
import { hasRole, useUser } from '../api/session.ts';
import { localName, useLanguage } from '../i18n/format.ts';

/**
 * The districts an officer serves, and for staff the districts of their kindergartens (an
 * administrator: every district), named for the reader.
 */
export function useMyDistricts(): { value: string; label: string }[] {
  const user = useUser();
  const lng = useLanguage();
  const regions = useRegions();
  const staff = hasRole(user, ['staff']) && (user?.kindergartenIds.length ?? 0) > 0;
  const kindergartens = useKindergartens(staff);
  const ours = new Set(user?.kindergartenIds ?? []);
  const mine = new Set([
    ...(user?.districtIds ?? []),
    ...(kindergartens.data?.items ?? []).filter((k) => ours.has(k.id)).map((k) => k.districtId),
  ]);
  const everything = hasRole(user, ['admin']);
  return (regions.data?.items ?? []).flatMap((region) =>
    region.districts
      .filter((district) => everything || mine.has(district.id))
      .map((district) => ({
        value: String(district.id),
        label:
          region.districts.length > 1
            ? `${localName(district.name, lng)} (${localName(region.name, lng)})`
            : localName(district.name, lng),
      })),
  );
}
