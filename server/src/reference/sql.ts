import { sql, type Selectable } from 'kysely';
import type { District, Kindergarten, Language, Region } from '@kezek/contracts';
import type { AllocationMode, KindergartenType } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import type { DistrictsTable, KindergartensTable, RegionsTable } from '../db/schema.ts';
import { orderByKeyset } from '../http/paging.ts';

export function toDistrict(row: Selectable<DistrictsTable>): District {
  return {
    id: row.id,
    regionId: row.region_id,
    name: { kk: row.name_kk, ru: row.name_ru, en: row.name_en },
  };
}

export async function listRegions(db: Db): Promise<Region[]> {
  const [regions, districts] = await Promise.all([
    db
      .selectFrom('regions')
      .innerJoin('region_policies as p', 'p.region_id', 'regions.id')
      .selectAll('regions')
      .select('p.allocation')
      .orderBy('regions.id')
      .execute(),
    db
      .selectFrom('districts')
      .selectAll()
      .orderBy(orderByKeyset('name_ru'))
      .orderBy('id')
      .execute(),
  ]);
  return regions.map((region: Selectable<RegionsTable> & { allocation: AllocationMode }) => ({
    id: region.id,
    code: region.code,
    name: { kk: region.name_kk, ru: region.name_ru, en: region.name_en },
    districts: districts.filter((d) => d.region_id === region.id).map(toDistrict),
    allocation: region.allocation,
  }));
}

export function toKindergarten(row: Selectable<KindergartensTable>): Kindergarten {
  return {
    id: row.id,
    districtId: row.district_id,
    name: { kk: row.name_kk, ru: row.name_ru },
    type: row.type,
    languages: row.languages as Language[],
    address: row.address,
    lat: row.lat,
    lon: row.lon,
    phone: row.phone,
    website: row.website,
  };
}

/** Kazakh names sort for a Kazakh reader; Russian and English readers see the Russian name. */
export const kindergartenNameColumn = (language: Language) =>
  language === 'kk' ? 'kindergartens.name_kk' : 'kindergartens.name_ru';

/** Kindergartens by district, type and teaching language, in name order for `language` (at most 2 000). */
export function listKindergartens(
  db: Db,
  filter: { districtId?: number; type?: KindergartenType; language?: Language },
  language: Language,
) {
  let query = db.selectFrom('kindergartens').selectAll();
  if (filter.districtId !== undefined) query = query.where('district_id', '=', filter.districtId);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.language !== undefined)
    query = query.where(sql<boolean>`${filter.language} = any(languages)`);
  return query
    .orderBy(orderByKeyset(kindergartenNameColumn(language)))
    .orderBy('id')
    .limit(2000)
    .execute();
}
