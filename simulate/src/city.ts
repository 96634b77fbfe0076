import type { QueueClass } from '@kezek/domain';
import { DEMO_REGIONS } from '../../server/src/demo/city.ts';
import { integerBetween, normal, seededRandom, weightedIndex } from './random.ts';

/** A kindergarten of the simulated city; x and y in kilometres. */
export interface Kindergarten {
  id: number;
  name: string;
  district: number;
  x: number;
  y: number;
  /** How much parents like it beyond its distance (a standard normal draw). */
  popularity: number;
}

/** A child in the queue of its district and group year, with what its parents want. */
export interface Child {
  id: number;
  district: number;
  groupYear: number;
  queueClass: QueueClass;
  registeredAt: Date;
  number: string;
  /** The kindergartens its parents would accept, best first (their true preferences). */
  acceptable: number[];
  /** What a ranked application holds: the first five of `acceptable`. */
  ranking: number[];
  /** The kindergarten a sibling attends, if any. */
  siblingAt: number[];
  /** Acts within seconds when free-choice places open (a fast parent or a bot). */
  fast: boolean;
  /** Takes a turn's place even at a kindergarten it would not have listed (fears the wait). */
  flexible: boolean;
}

/** A batch of free places added at a kindergarten for one group year. */
export interface Release {
  id: number;
  day: number;
  kindergarten: number;
  groupYear: number;
  places: number;
}

export interface City {
  name: string;
  districts: string[];
  kindergartens: Kindergarten[];
  children: Child[];
  releases: Release[];
  /** Day 0 of the simulated year. */
  start: Date;
}

export interface CityOptions {
  seed: number;
  /** Children in the city's queues over the year (those already waiting and those who register). */
  children: number;
  /** Places released over the year, as a share of the children. */
  supply: number;
}

export const DEFAULT_CITY_OPTIONS: CityOptions = { seed: 2026, children: 4000, supply: 0.6 };

export const YEAR_START = new Date('2026-01-01T00:00:00+05:00');
const DAY_MS = 86_400_000;
export const GROUP_YEARS = [2020, 2021, 2022, 2023, 2024] as const;
/** Shares of the classes among the children (as the server's tests draw them). */
const OUT_OF_TURN_SHARE = 0.05;
const FIRST_PRIORITY_SHARE = 0.2;
const SIBLING_SHARE = 0.15;
/** Children who register during the year; the rest wait from up to three years before. */
const NEW_IN_YEAR_SHARE = 0.3;
/** Places released in August, before the school year; the rest over the other months. */
const AUGUST_SHARE = 0.5;

interface Site {
  name: string;
  district: number;
  x: number;
  y: number;
}

/** The demo city (server/src/demo/city.ts): its districts and non-private kindergartens. */
function demoSites(): { districts: string[]; sites: Site[] } {
  const districts: string[] = [];
  const sites: Site[] = [];
  for (const region of DEMO_REGIONS) {
    for (const district of region.districts) {
      const index = districts.length;
      districts.push(district.name.en);
      for (const kg of district.kindergartens) {
        // Private kindergartens under the state order are never offered by turn (docs/rules.md).
        if (kg.type === 'private') continue;
        const x = kg.lon * 111.32 * Math.cos((kg.lat * Math.PI) / 180);
        sites.push({ name: kg.ru, district: index, x, y: kg.lat * 110.57 });
      }
    }
  }
  return { districts, sites };
}

/** A generated city: four districts of ten kilometres square, eight kindergartens each. */
function generatedSites(random: () => number): { districts: string[]; sites: Site[] } {
  const districts = ['North', 'East', 'South', 'West'];
  const sites: Site[] = [];
  districts.forEach((_, district) => {
    for (let i = 0; i < 8; i += 1) {
      sites.push({
        name: `Kindergarten ${district + 1}.${i + 1}`,
        district,
        x: (district % 2) * 10 + random() * 10,
        y: Math.floor(district / 2) * 10 + random() * 10,
      });
    }
  });
  return { districts, sites };
}

function queueClass(random: () => number): QueueClass {
  const roll = random();
  return roll < OUT_OF_TURN_SHARE
    ? 'out_of_turn'
    : roll < OUT_OF_TURN_SHARE + FIRST_PRIORITY_SHARE
      ? 'first_priority'
      : 'general';
}

/**
 * A city with its children and a year of releases, all from the seed: the demo city's
 * kindergartens, or a generated city's.
 */
export function makeCity(kind: 'demo' | 'generated', options: CityOptions): City {
  const random = seededRandom(options.seed);
  const { districts, sites } = kind === 'demo' ? demoSites() : generatedSites(random);
  const kindergartens: Kindergarten[] = sites.map((site, id) => ({
    id,
    ...site,
    popularity: normal(random),
  }));
  const inDistrict = districts.map((_, d) => kindergartens.filter((k) => k.district === d));
  const districtWeights = inDistrict.map((list) => list.length);

  const children: Child[] = [];
  for (let id = 0; id < options.children; id += 1) {
    const district = weightedIndex(random, districtWeights);
    const near = inDistrict[district]!;
    // Home: around a kindergarten of the district (people live where kindergartens are built).
    const anchor = near[integerBetween(random, 0, near.length - 1)]!;
    const home = { x: anchor.x + normal(random) * 2, y: anchor.y + normal(random) * 2 };
    const liking = near.map((k) => ({
      id: k.id,
      value:
        -Math.hypot(k.x - home.x, k.y - home.y) / 2 + 0.7 * k.popularity + normal(random) * 0.5,
    }));
    liking.sort((a, b) => b.value - a.value);
    const siblingAt: number[] = [];
    if (random() < SIBLING_SHARE) {
      const sibling = liking[integerBetween(random, 0, Math.min(2, liking.length - 1))]!;
      siblingAt.push(sibling.id);
      sibling.value += 3; // parents want siblings together
      liking.sort((a, b) => b.value - a.value);
    }
    const acceptableCount = Math.min(near.length, integerBetween(random, 3, 8));
    const acceptable = liking.slice(0, acceptableCount).map((l) => l.id);
    const newInYear = random() < NEW_IN_YEAR_SHARE;
    const day = newInYear ? random() * 365 : -random() * 3 * 365;
    const registeredAt = new Date(YEAR_START.getTime() + Math.round(day * DAY_MS));
    children.push({
      id,
      district,
      groupYear: GROUP_YEARS[integerBetween(random, 0, GROUP_YEARS.length - 1)]!,
      queueClass: queueClass(random),
      registeredAt,
      number: `UO.${registeredAt.getUTCFullYear()}.${String(id + 1).padStart(6, '0')}`,
      acceptable,
      ranking: acceptable.slice(0, 5),
      siblingAt,
      fast: random() < 0.1,
      flexible: random() < 0.3,
    });
  }

  const releases: Release[] = [];
  const capacityWeights = kindergartens.map(() => 1 + random() * 2);
  const total = Math.round(options.children * options.supply);
  let released = 0;
  while (released < total) {
    const kindergarten = kindergartens[weightedIndex(random, capacityWeights)]!;
    const groupYear = GROUP_YEARS[integerBetween(random, 0, GROUP_YEARS.length - 1)]!;
    const places = Math.min(total - released, integerBetween(random, 1, 10));
    const day =
      random() < AUGUST_SHARE ? integerBetween(random, 212, 242) : integerBetween(random, 0, 334);
    releases.push({ id: releases.length, day, kindergarten: kindergarten.id, groupYear, places });
    released += places;
  }
  releases.sort((a, b) => a.day - b.day || a.id - b.id);
  return {
    name: kind === 'demo' ? 'demo city (Astana and Akmola)' : 'generated city',
    districts,
    kindergartens,
    children,
    releases,
    start: YEAR_START,
  };
}

export function dayOf(city: City, instant: Date): number {
  return (instant.getTime() - city.start.getTime()) / DAY_MS;
}
