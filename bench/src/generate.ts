import { sql } from 'kysely';
import {
  addCalendarDays,
  applicationNumber,
  makeIin,
  type KindergartenType,
  type QueueClass,
} from '@kezek/domain';
import type { Db } from '../../server/src/db/connection.ts';
import { seededRandom } from './random.ts';

export interface Country {
  regionId: number;
  districtIds: number[];
  applications: number;
}

const DISTRICTS = 20;
const KINDERGARTENS = 2000;
// Most families wait with one or two children: the journal of each holds that many.
const APPLICATIONS_PER_APPLICANT = 2;
const BATCH = 5000;
const T0 = Date.UTC(2024, 0, 1);
const BIRTH_DAYS = 7 * 365; // children born 2019–2025

/**
 * Unique valid IINs without bookkeeping: the i-th person is born on day i mod `days` after `from`,
 * with serial 2·⌊i / days⌋ — even serials, so makeIin's skip of an unissuable check digit to the
 * next (odd) serial never meets another person's.
 */
function iinOf(from: string, days: number, i: number, sex: 'male' | 'female'): string {
  return makeIin(addCalendarDays(from, i % days), sex, 2 * Math.floor(i / days));
}

/**
 * A synthetic country: 20 districts, 2 000 kindergartens and `n` applications of children born
 * 2019–2025, about 2 % out-of-turn and 15 % first-priority, registered over two years, with valid
 * IINs. Loaded in multi-row batches (unnest), reproducible from the seed.
 */
export async function generateCountry(db: Db, n: number, seed: number): Promise<Country> {
  const random = seededRandom(seed);
  const now = new Date(T0);
  const region = await db
    .insertInto('regions')
    .values({
      code: `bench-${seed}`,
      name_kk: 'Бенч',
      name_ru: 'Бенч',
      name_en: 'Bench',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('region_policies')
    .values({ region_id: region.id, updated_at: now })
    .execute();
  const districtIds = (
    await db
      .insertInto('districts')
      .values(
        Array.from({ length: DISTRICTS }, (_, i) => ({
          region_id: region.id,
          name_kk: `Аудан ${i + 1}`,
          name_ru: `Район ${i + 1}`,
          name_en: `District ${i + 1}`,
          created_at: now,
        })),
      )
      .returning('id')
      .execute()
  ).map((d) => d.id);
  const types: KindergartenType[] = [
    'state',
    'state',
    'state',
    'private',
    'mini_centre',
    'village',
  ];
  for (let start = 0; start < KINDERGARTENS; start += 500) {
    await db
      .insertInto('kindergartens')
      .values(
        Array.from({ length: 500 }, (_, i) => ({
          district_id: districtIds[(start + i) % DISTRICTS]!,
          name_kk: `№ ${start + i + 1} балабақша`,
          name_ru: `Детский сад № ${start + i + 1}`,
          type: types[(start + i) % types.length]!,
          languages: random() < 0.5 ? ['kk'] : ['kk', 'ru'],
          address: `Көше ${start + i + 1}`,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const applicants = Math.ceil(n / APPLICATIONS_PER_APPLICANT);
  const userIds: number[] = [];
  for (let start = 0; start < applicants; start += BATCH) {
    const iins = Array.from({ length: Math.min(BATCH, applicants - start) }, (_, i) =>
      iinOf('1980-01-01', 3650, start + i, 'female'),
    );
    const rows = await sql<{ id: number }>`
      insert into users (iin, full_name, roles, created_at, updated_at)
      select iin, 'Bench Applicant', '{applicant}', ${now}, ${now} from unnest(${iins}::text[]) as iin
      returning id`.execute(db);
    userIds.push(...rows.rows.map((r) => r.id));
  }
  for (let start = 0; start < n; start += BATCH) {
    const size = Math.min(BATCH, n - start);
    const c = {
      iin: [] as string[],
      year: [] as number[],
      district: [] as number[],
      cls: [] as string[],
      at: [] as string[],
      number: [] as string[],
      user: [] as number[],
    };
    for (let i = 0; i < size; i += 1) {
      const index = start + i;
      const iin = iinOf('2019-01-01', BIRTH_DAYS, index, random() < 0.5 ? 'male' : 'female');
      const roll = random();
      const cls: QueueClass =
        roll < 0.02 ? 'out_of_turn' : roll < 0.17 ? 'first_priority' : 'general';
      c.iin.push(iin);
      c.year.push(2000 + Number(iin.slice(0, 2)));
      c.district.push(districtIds[Math.floor(random() * DISTRICTS)]!);
      c.cls.push(cls);
      c.at.push(new Date(T0 + Math.floor(random() * 2 * 365 * 86_400_000)).toISOString());
      c.number.push(applicationNumber(2024 + Math.floor(index / 999_999), (index % 999_999) + 1));
      c.user.push(userIds[index % userIds.length]!);
    }
    await sql`
      insert into persons (iin, last_name, first_name, birth_date, sex)
      select iin, 'Бенч', 'Бала', to_date('20' || substr(iin, 1, 6), 'YYYYMMDD'),
        case when substr(iin, 7, 1) in ('5', '3', '1') then 'male' else 'female' end
      from unnest(${c.iin}::text[]) as iin`.execute(db);
    await sql`
      insert into applications (number, region_id, district_id, group_year, child_iin, applicant_user_id, status,
        queue_class, registered_at, last_changed_at, interest_confirmed_until, language, email, phone)
      select number, ${region.id}, district, year, iin, applicant, 'queued', cls, at, at, at + interval '1 year',
        'kk', 'bench@example.kz', '+77010000000'
      from unnest(${c.number}::text[], ${c.district}::int[], ${c.year}::int[], ${c.iin}::text[], ${c.user}::int[],
        ${c.cls}::text[], ${c.at}::timestamptz[]) as t(number, district, year, iin, applicant, cls, at)`.execute(
      db,
    );
  }
  // Index-only scans need a current visibility map; a real server's autovacuum keeps it so.
  await sql`vacuum analyze applications`.execute(db);
  return { regionId: region.id, districtIds, applications: n };
}
