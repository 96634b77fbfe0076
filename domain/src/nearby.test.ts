import { describe, expect, it } from 'vitest';
import { effectiveRanking, greatCircleKm, homeOutsideDistrict } from './nearby.ts';

// Kindergartens № 1, № 7 and № 23 of the demo city (server/src/demo/city.ts).
const no1 = { lat: 51.1283, lon: 71.4305 };
const no7 = { lat: 51.1605, lon: 71.4272 };
const no23 = { lat: 51.133, lon: 71.402 };
const kokshetau = { lat: 53.2833, lon: 69.3833 };

describe('greatCircleKm', () => {
  it.each([
    { case: 'a point to itself', a: no1, b: no1, km: 0 },
    { case: 'a degree of latitude', a: { lat: 0, lon: 0 }, b: { lat: 1, lon: 0 }, km: 111.195 },
    {
      case: 'a degree of longitude at 60°',
      a: { lat: 60, lon: 0 },
      b: { lat: 60, lon: 1 },
      km: 55.597,
    },
    { case: 'half the earth', a: { lat: 0, lon: 0 }, b: { lat: 0, lon: 180 }, km: 20015.115 },
    { case: '№ 1 to № 7', a: no1, b: no7, km: 3.585 },
  ])('$case: $km km', ({ a, b, km }) => {
    expect(greatCircleKm(a, b)).toBeCloseTo(km, 1);
    expect(greatCircleKm(b, a)).toBeCloseTo(greatCircleKm(a, b), 9);
  });
});

describe('homeOutsideDistrict', () => {
  it.each([
    { case: 'beside a kindergarten', home: { lat: 51.13, lon: 71.44 }, outside: false },
    { case: '25 km south of № 1', home: { lat: 50.9035, lon: 71.4305 }, outside: false },
    { case: '35 km south of № 1', home: { lat: 50.8135, lon: 71.4305 }, outside: true },
    { case: 'in Kokshetau', home: kokshetau, outside: true },
  ])('$case: $outside', ({ home, outside }) => {
    expect(homeOutsideDistrict(home, [no1, no7, no23])).toBe(outside);
  });

  it('refuses every home of a district without coordinates', () => {
    expect(homeOutsideDistrict(no1, [])).toBe(true);
  });
});

describe('effectiveRanking', () => {
  const kindergartens = [
    { id: 7, point: no7 },
    { id: 23, point: no23 },
    { id: 1, point: no1 },
  ];
  // 0.7 km east of № 1, 2.3 km from № 23, 3.7 km from № 7.
  const home = { lat: 51.1283, lon: 71.4405 };
  it.each([
    { case: 'no radius: the named alone', named: [7], radiusKm: null, ranking: [7] },
    { case: '1 km: № 1 after the named', named: [7], radiusKm: 1, ranking: [7, 1] },
    { case: '3 km: nearest first', named: [], radiusKm: 3, ranking: [1, 23] },
    { case: '5 km: a named one not twice', named: [23], radiusKm: 5, ranking: [23, 1, 7] },
    { case: 'a radius reaching none', named: [7], radiusKm: 0.5, ranking: [7] },
  ])('$case', ({ named, radiusKm, ranking }) => {
    const nearby = radiusKm === null ? null : { radiusKm, home };
    expect(effectiveRanking(named, nearby, kindergartens)).toEqual(ranking);
  });
});
