import { useRegions } from '../api/reference.ts';
import { hasRole, useUser } from '../api/session.ts';
import { localName, useLanguage } from '../i18n/format.ts';

/** The districts an officer serves (an administrator: every district), named for the reader. */
export function useMyDistricts(): { value: string; label: string }[] {
  const user = useUser();
  const lng = useLanguage();
  const regions = useRegions();
  const mine = new Set(user?.districtIds ?? []);
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
