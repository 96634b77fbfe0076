import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { hashPassword } from '../auth/passwords.ts';
import { appendHistory } from '../history/history.ts';
import { upsertPersons } from '../registry/sql.ts';
import { DEMO_REGIONS } from './city.ts';
import { markDemoDatabase } from './mode.ts';
import { DEMO_ACCOUNTS, DEMO_PERSONS } from './people.ts';

/** Fills an empty database with the demo city and marks it the demo's; a seeded one is left alone. */
export async function seedDemo(db: Db, clock: Clock): Promise<string[]> {
  const existing = await db.selectFrom('regions').select('id').limit(1).executeTakeFirst();
  if (existing) return demoAccountLines();
  const now = clock.now();
  const passwordHashes = new Map<string, string>();
  for (const password of new Set(DEMO_ACCOUNTS.map((account) => account.password))) {
    passwordHashes.set(password, await hashPassword(password));
  }
  await db.transaction().execute(async (trx) => {
    const kindergartenIds = new Map<string, number>();
    const districtIds = new Map<string, number>();
    for (const region of DEMO_REGIONS) {
      const { id: regionId } = await trx
        .insertInto('regions')
        .values({
          code: region.code,
          name_kk: region.name.kk,
          name_ru: region.name.ru,
          name_en: region.name.en,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('region_policies')
        .values({ region_id: regionId, updated_at: now })
        .execute();
      for (const district of region.districts) {
        const { id: districtId } = await trx
          .insertInto('districts')
          .values({
            region_id: regionId,
            name_kk: district.name.kk,
            name_ru: district.name.ru,
            name_en: district.name.en,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        districtIds.set(district.name.ru, districtId);
        const rows = await trx
          .insertInto('kindergartens')
          .values(
            district.kindergartens.map((k) => ({
              district_id: districtId,
              name_kk: k.kk,
              name_ru: k.ru,
              type: k.type,
              languages: k.languages,
              address: k.address,
              lat: k.lat,
              lon: k.lon,
              phone: k.phone,
              created_at: now,
              updated_at: now,
            })),
          )
          .returning(['id', 'name_ru'])
          .execute();
        for (const row of rows) kindergartenIds.set(row.name_ru, row.id);
      }
    }
    for (const account of DEMO_ACCOUNTS) {
      const { id: userId } = await trx
        .insertInto('users')
        .values({
          iin: account.iin,
          full_name: account.fullName,
          roles: [account.role],
          password_hash: passwordHashes.get(account.password)!,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const name of account.kindergartens ?? []) {
        await trx
          .insertInto('user_kindergartens')
          .values({ user_id: userId, kindergarten_id: kindergartenIds.get(name)! })
          .execute();
      }
      for (const name of account.districts ?? []) {
        await trx
          .insertInto('user_districts')
          .values({ user_id: userId, district_id: districtIds.get(name)! })
          .execute();
      }
    }
    await upsertPersons(trx, DEMO_PERSONS);
    await markDemoDatabase(trx, now);
    await appendHistory(trx, {
      at: now,
      actor: 'system',
      event: 'demo.seeded',
      subjectType: 'system',
      subjectId: 'demo',
      before: null,
      after: {
        regions: DEMO_REGIONS.length,
        accounts: DEMO_ACCOUNTS.length,
        persons: DEMO_PERSONS.length,
      },
    });
  });
  return demoAccountLines();
}

function demoAccountLines(): string[] {
  return DEMO_ACCOUNTS.map(
    (a) => `demo ${a.role}: IIN ${a.iin}, password ${a.password} (${a.fullName})`,
  );
}
