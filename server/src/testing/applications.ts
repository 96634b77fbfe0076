import type { QueueClass } from '@kezek/domain';
import { makeIin } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { upsertPersons } from '../registry/sql.ts';
import { insertApplications } from './invariants.ts';

export interface WaitingApplication {
  regionId: number;
  districtId: number;
  applicantUserId: number;
  /** Makes the IIN and the application number distinct. */
  serial: number;
  /** The registration instant: this minute of 1 January 2025 (the queue order follows it). */
  minute: number;
  birthDate: string;
  /** The birth year unless given (a child may be listed in another group year). */
  groupYear?: number;
  child: { lastName: string; firstName: string; parentIins?: string[] };
  queueClass?: QueueClass;
  status?: 'queued' | 'turn' | 'stop_listed';
  language?: 'kk' | 'ru' | 'en';
}

/**
 * Children in the registry and their waiting applications straight in the table: for tests about
 * what happens to the queue, not about registration. Returns the ids in the order given.
 */
export async function insertWaitingApplications(
  db: Db,
  list: readonly WaitingApplication[],
): Promise<string[]> {
  const iins = list.map((a) => makeIin(a.birthDate, 'female', 5000 + a.serial));
  await db.transaction().execute((trx) =>
    upsertPersons(
      trx,
      list.map((a, index) => ({ iin: iins[index]!, ...a.child })),
    ),
  );
  return insertApplications(
    db,
    list.map((a, index) => {
      const at = new Date(Date.UTC(2025, 0, 1, 0, a.minute));
      const status = a.status ?? 'queued';
      return {
        number: `UO.2025.${String(a.serial).padStart(6, '0')}.1`,
        region_id: a.regionId,
        district_id: a.districtId,
        group_year: a.groupYear ?? Number(a.birthDate.slice(0, 4)),
        child_iin: iins[index]!,
        applicant_user_id: a.applicantUserId,
        status,
        turn_until: status === 'turn' ? new Date('2026-03-01T00:00:00Z') : null,
        queue_class: a.queueClass ?? 'general',
        registered_at: at,
        last_changed_at: at,
        interest_confirmed_until: new Date('2030-01-01'),
        language: a.language ?? 'kk',
        email: 'parent@example.kz',
        phone: '+77010000001',
      };
    }),
  );
}

/** One child in the registry and their waiting application straight in the table. */
export async function insertWaitingApplication(db: Db, a: WaitingApplication): Promise<string> {
  return (await insertWaitingApplications(db, [a]))[0]!;
}

/** The id of the user with this IIN (signed in before, so the row exists). */
export async function userIdOf(db: Db, iin: string): Promise<number> {
  return (
    await db.selectFrom('users').select('id').where('iin', '=', iin).executeTakeFirstOrThrow()
  ).id;
}

/** Where a kindergarten stands: its district and that district's region. */
export async function districtOfKindergarten(db: Db, kindergartenId: number) {
  const k = await db
    .selectFrom('kindergartens as k')
    .innerJoin('districts as d', 'd.id', 'k.district_id')
    .select(['k.district_id', 'd.region_id'])
    .where('k.id', '=', kindergartenId)
    .executeTakeFirstOrThrow();
  return { districtId: k.district_id, regionId: k.region_id };
}
