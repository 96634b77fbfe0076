/**
 * "Any kindergarten within N km of home" (docs/rules.md, "Ranked preferences"; kezek, issue 17):
 * after its named kindergartens a ranked application may take any other kindergarten of its
 * district that gives places by turn within a radius of the home the parent marked on the map.
 */

/** A point on the earth, in degrees (WGS 84, as the map and the kindergartens' coordinates). */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/** The radii a parent may choose, in km: a walk, a short ride, across a district. */
export const NEARBY_RADII_KM = [1, 2, 3, 5] as const;
export type NearbyRadiusKm = (typeof NEARBY_RADII_KM)[number];

/** An application's "any within `radiusKm` of `home`". */
export interface Nearby {
  radiusKm: number;
  home: GeoPoint;
}

/**
 * How far from the district's nearest kindergarten a home may lie: a point farther off is a slip
 * of the hand on the map, not a home whose children this district's queue serves.
 */
export const HOME_REACH_KM = 30;

/** The mean earth radius (IUGG), in km. */
const EARTH_RADIUS_KM = 6371.0088;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance between two points, in km (haversine: exact on a sphere). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether a home is too far off to be one of the district's: more than {@link HOME_REACH_KM} from
 * each of its kindergartens with coordinates (all of them, when none has any).
 */
export function homeOutsideDistrict(home: GeoPoint, kindergartens: readonly GeoPoint[]): boolean {
  return !kindergartens.some((point) => greatCircleKm(home, point) <= HOME_REACH_KM);
}

/** A kindergarten that gives places by turn, where it is. */
export interface PlacedKindergarten<K> {
  id: K;
  point: GeoPoint;
}

/**
 * A child's ranking as allocation reads it: the named kindergartens in the parent's order, then
 * every other of `kindergartens` within the radius of home, nearest first (equal distances in the
 * order given). `kindergartens` may be only those a round has places at: the order among them is
 * all a round needs.
 */
export function effectiveRanking<K>(
  named: readonly K[],
  nearby: Nearby | null,
  kindergartens: readonly PlacedKindergarten<K>[],
): K[] {
  if (!nearby) return [...named];
  const listed = new Set(named);
  const near = kindergartens
    .filter((k) => !listed.has(k.id))
    .map((k) => ({ id: k.id, km: greatCircleKm(nearby.home, k.point) }))
    .filter((k) => k.km <= nearby.radiusKm)
    .sort((a, b) => a.km - b.km);
  return [...named, ...near.map((k) => k.id)];
}
