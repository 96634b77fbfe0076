import { sql } from 'kysely';
import { addCalendarDays, makeIin } from '@kezek/domain';
import { AdjustableClock } from '../clock.ts';
import { readConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { DEMO_ACCOUNTS } from '../demo/people.ts';
import { appendHistoryRows } from '../history/history.ts';
import { checkInvariants, type Violation } from '../invariants/invariants.ts';
import { prepareDatabase } from '../startup.ts';
import type { PersonKeys, TestCa } from '../signature/test-ca/index.ts';
import { keysFor, trustedTestCa } from '../testing/eds.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { TEST_START } from '../testing/templates.ts';
import { giveTestPseudonyms } from '../testing/pseudonyms.ts';

/** The instant the fault tests' servers are set to (the test CA's keys are valid then). */
export const FAULT_NOW = TEST_START;

export interface Parent {
  iin: string;
  userId: number;
  keys: PersonKeys;
}

/**
 * A city on a fresh PostgreSQL database for servers in other processes: the demo city and
 * accounts (no demo keys), a test CA the servers trust, and bulk loaders for waiting children.
 */
export interface FaultCity {
  databaseUrl: string;
  db: Db;
  ca: TestCa;
  trustFile: string;
  staff: { iin: string; password: string };
  kindergartenId: number;
  language: string;
  districtId: number;
  regionId: number;
  close(): Promise<void>;
  invariants(): Promise<Violation[]>;
}

export async function seedCity(): Promise<FaultCity> {
  const database = await openTestDatabase();
  if (!database.url) throw new Error('the fault tests need DATABASE_URL (PostgreSQL)');
  await prepareDatabase(
    database.db,
    readConfig({ KEZEK_DEMO: '1', LOG_LEVEL: 'silent' }),
    new AdjustableClock(FAULT_NOW),
    { demoKeys: false },
  );
  const { ca, trustFile } = await trustedTestCa();
  const staff = DEMO_ACCOUNTS.find((a) => a.iin === '870514430032')!;
  const kindergarten = await database.db
    .selectFrom('user_kindergartens as uk')
    .innerJoin('users as u', 'u.id', 'uk.user_id')
    .innerJoin('kindergartens as k', 'k.id', 'uk.kindergarten_id')
    .innerJoin('districts as d', 'd.id', 'k.district_id')
    .select(['k.id', 'k.languages', 'k.district_id', 'd.region_id'])
    .where('u.iin', '=', staff.iin)
    .orderBy('k.id')
    .executeTakeFirstOrThrow();
  return {
    databaseUrl: database.url,
    db: database.db,
    ca,
    trustFile,
    staff,
    kindergartenId: kindergarten.id,
    language: kindergarten.languages[0]!,
    districtId: kindergarten.district_id,
    regionId: kindergarten.region_id,
    close: () => database.close(),
    invariants: () => checkInvariants(database.db),
  };
}

let people = 0;

/** Parents with accounts and EDS keys, each with an e-mail and phone for the notifications. */
export async function addParents(city: FaultCity, count: number): Promise<Parent[]> {
  const first = people;
  people += count;
  const iins = Array.from({ length: count }, (_, i) =>
    makeIin(addCalendarDays('1985-01-01', first + i), 'female', 8000),
  );
  const rows = await city.db
    .insertInto('users')
    .values(
      iins.map((iin, i) => ({
        iin,
        full_name: `Parent ${first + i}`,
        roles: ['applicant'],
        email: `parent${first + i}@example.kz`,
        phone: '+77010000000',
        created_at: FAULT_NOW,
        updated_at: FAULT_NOW,
      })),
    )
    .returning(['id', 'iin'])
    .execute();
  return Promise.all(
    rows.map(async (row, i) => ({
      iin: row.iin,
      userId: row.id,
      keys: await keysFor(city.ca, {
        iin: row.iin,
        lastName: 'Parent',
        firstName: `N${first + i}`,
      }),
    })),
  );
}

let children = 0;

/**
 * `count` children of `groupYear` waiting in the city's district, spread over the parents in turn,
 * each with its registration's history row and message: straight into the tables, as a migration
 * would load them.
 */
export async function addWaiting(
  city: FaultCity,
  count: number,
  groupYear: number,
  parentUserIds: number[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const batch = Array.from({ length: size }, (_, i) => {
      const n = children + start + i;
      return {
        n,
        iin: makeIin(
          addCalendarDays(`${groupYear}-01-01`, n % 360),
          'male',
          5000 + 2 * Math.floor(n / 360),
        ),
        at: new Date(Date.UTC(2024, 0, 1) + n * 60_000),
        parent: parentUserIds[(start + i) % parentUserIds.length]!,
      };
    });
    await city.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('persons')
        .values(
          batch.map((c) => ({
            iin: c.iin,
            last_name: 'Бала',
            first_name: `N${c.n}`,
            birth_date: `${groupYear}-${c.iin.slice(2, 4)}-${c.iin.slice(4, 6)}`,
            sex: 'male',
          })),
        )
        .execute();
      const inserted = await trx
        .insertInto('applications')
        .values(
          batch.map((c) => ({
            number: `UO.2024.${String(c.n + 1).padStart(6, '0')}.1`,
            region_id: city.regionId,
            district_id: city.districtId,
            group_year: groupYear,
            child_iin: c.iin,
            applicant_user_id: c.parent,
            status: 'queued',
            queue_class: 'general',
            registered_at: c.at,
            last_changed_at: c.at,
            interest_confirmed_until: new Date('2030-01-01T00:00:00Z'),
            language: 'ru',
            email: 'parent@example.kz',
            phone: '+77010000000',
          })),
        )
        .returning(['id', 'registered_at'])
        .execute();
      await giveTestPseudonyms(trx);
      // Registered as registering records it (docs/transparency.md, "Leaves"): the history row
      // `application.registered` appends the child's `registered` leaf, which the log's check and
      // the verifier after the crash tests replay every turn from; its in-app message, as
      // delivered, is the one every registration writes in its transaction (the invariants).
      await appendHistoryRows(
        trx,
        inserted.map((row) => ({
          at: row.registered_at,
          actor: 'system',
          event: 'application.registered',
          subjectType: 'application',
          subjectId: row.id,
          before: null,
          after: { status: 'queued' },
        })),
      );
      await trx
        .insertInto('outbox')
        .values(
          batch.map((c) => ({
            channel: 'inapp',
            recipient: `user:${c.parent}`,
            user_id: c.parent,
            language: 'ru',
            subject: 'Заявление зарегистрировано',
            body: `Заявление N${c.n} зарегистрировано.`,
            status: 'sent',
            next_attempt_at: c.at,
            created_at: c.at,
            sent_at: c.at,
          })),
        )
        .execute();
      ids.push(...inserted.map((row) => row.id));
    });
  }
  children += count;
  await sql`analyze applications`.execute(city.db);
  return ids;
}
