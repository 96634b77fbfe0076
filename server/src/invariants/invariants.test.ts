import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/connection.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildWorld, type World } from '../testing/world.ts';
import { INVARIANTS, checkInvariants, rulesSql, type Violation } from './invariants.ts';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(() => w.t.close());

class Rollback extends Error {}

/** Plants a violation in a transaction (past the triggers and constraints that guard it), checks, rolls back. */
async function violationsAfter(plant: (trx: Db) => Promise<unknown>): Promise<Violation[]> {
  let found: Violation[] = [];
  await w.t.database.db
    .transaction()
    .execute(async (trx) => {
      await plant(trx);
      found = await checkInvariants(trx);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return found;
}

const run = (trx: Db, ...statements: ReturnType<typeof sql>[]) =>
  statements.reduce<Promise<unknown>>(
    (done, s) => done.then(() => s.execute(trx)),
    Promise.resolve(),
  );

describe('the invariant check', () => {
  it('passes on a city with registrations, a release and a direction', async () => {
    expect(await checkInvariants(w.t.database.db)).toEqual([]);
  });

  const A = () => w.A.applicationId;
  const B = () => w.B.applicationId;
  const cases: [string, string, (trx: Db) => Promise<unknown>][] = [
    [
      'place_free_out_of_range',
      'place_batch',
      async (trx) => {
        const guard = await sql<{ name: string }>`
          select conname as name from pg_constraint
           where conrelid = 'place_batches'::regclass and pg_get_constraintdef(oid) like '%free >= 0%'`.execute(
          trx,
        );
        await sql`alter table place_batches drop constraint ${sql.id(guard.rows[0]!.name)}`.execute(
          trx,
        );
        await sql`update place_batches set free = -1 where id = ${w.batchX}`.execute(trx);
      },
    ],
    [
      'place_overbooked',
      'place_batch',
      (trx) => run(trx, sql`update place_batches set free = total where id = ${w.batchX}`),
    ],
    [
      'turns_without_free_place',
      'place_batch',
      (trx) =>
        run(
          trx,
          sql`update applications set status = 'turn', turn_batch_id = ${w.batchX}, turn_until = now() where id = ${B()}`,
          sql`update place_batches set free = 0 where id = ${w.batchX}`,
        ),
    ],
    [
      'several_live_directions',
      'application',
      (trx) =>
        run(
          trx,
          sql`drop index directions_one_live_per_application`,
          sql`insert into directions (number, verify_code, application_id, place_batch_id, kindergarten_id,
                group_year, language, status, issued_at, expires_at)
              select number || 'x', verify_code, application_id, place_batch_id, kindergarten_id,
                group_year, language, status, issued_at, expires_at from directions where id = ${w.A.directionId}`,
        ),
    ],
    [
      'child_with_several_live_directions',
      'applications',
      (trx) =>
        run(
          trx,
          // B becomes a second application of A's child, out of the queue, with a live direction.
          sql`update applications set status = 'removed',
                child_iin = (select child_iin from applications where id = ${A()}) where id = ${B()}`,
          sql`insert into directions (number, verify_code, application_id, place_batch_id, kindergarten_id,
                group_year, language, status, issued_at, expires_at)
              select number || 'x', verify_code, ${B()}, place_batch_id, kindergarten_id,
                group_year, language, status, issued_at, expires_at from directions where id = ${w.A.directionId}`,
        ),
    ],
    [
      'turn_and_live_direction',
      'application',
      (trx) =>
        run(
          trx,
          sql`update applications set status = 'turn', turn_batch_id = ${w.batchX}, turn_until = now() where id = ${A()}`,
        ),
    ],
    [
      'turn_without_places',
      'application',
      (trx) => run(trx, sql`update applications set status = 'turn' where id = ${B()}`),
    ],
    [
      'direction_status_without_direction',
      'application',
      (trx) =>
        run(trx, sql`update directions set status = 'expired' where id = ${w.A.directionId}`),
    ],
    [
      'live_direction_of_other_status',
      'direction',
      (trx) => run(trx, sql`update applications set status = 'queued' where id = ${A()}`),
    ],
    [
      'several_active_applications',
      'applications',
      (trx) =>
        run(
          trx,
          sql`drop index applications_one_active_per_child`,
          sql`insert into applications (number, region_id, district_id, group_year, child_iin, applicant_user_id,
                status, queue_class, registered_at, last_changed_at, interest_confirmed_until, language, email, phone)
              select number || 'x', region_id, district_id, group_year, child_iin, applicant_user_id, 'queued',
                queue_class, registered_at, last_changed_at, interest_confirmed_until, language, email, phone
              from applications where id = ${B()}`,
        ),
    ],
    [
      'status_without_history',
      'application',
      (trx) => run(trx, sql`update applications set status = 'withdrawn' where id = ${B()}`),
    ],
    [
      'direction_without_history',
      'direction',
      (trx) =>
        run(
          trx,
          sql`update directions set number = 'NP.2026.999999' where id = ${w.A.directionId}`,
        ),
    ],
    [
      'places_without_history',
      'place_batch',
      (trx) =>
        run(
          trx,
          sql`insert into place_batches (kindergarten_id, district_id, group_year, language, total, free, state,
                turn_until, created_by, created_at)
              select kindergarten_id, district_id, group_year, language, 1, 1, 'free_choice', turn_until,
                created_by, created_at from place_batches where id = ${w.batchX}`,
        ),
    ],
    [
      'direction_without_papers',
      'application',
      (trx) =>
        run(trx, sql`delete from documents where application_id = ${A()} and kind = 'child_card'`),
    ],
    [
      'notification_missing',
      'history',
      (trx) =>
        run(trx, sql`delete from outbox where channel = 'inapp' and user_id = ${w.B.userId}`),
    ],
    [
      'outbox_failed',
      'outbox',
      (trx) =>
        run(trx, sql`update outbox set status = 'failed' where id = (select min(id) from outbox)`),
    ],
    [
      'outbox_sent_without_time',
      'outbox',
      (trx) =>
        run(
          trx,
          sql`update outbox set status = 'sent', sent_at = null where id = (select min(id) from outbox)`,
        ),
    ],
    [
      'outbox_attempts_exhausted',
      'outbox',
      (trx) =>
        run(
          trx,
          sql`update outbox set status = 'pending', attempts = 8 where id = (select min(id) from outbox)`,
        ),
    ],
    [
      'history_chain_broken',
      'history',
      (trx) =>
        run(
          trx,
          sql`alter table history disable trigger history_no_update`,
          sql`update history set actor = 'user:0' where id = (select max(id) from history)`,
        ),
    ],
    [
      'free_choice_request_overdue',
      'free_choice_request',
      (trx) =>
        run(
          trx,
          sql`insert into free_choice_requests (application_id, place_batch_id, user_id, evidence,
                requested_at, decide_at, window_minutes, outcome, decided_at)
              values (${A()}, ${w.batchX}, ${w.A.userId}, 'cms', now() - interval '3 hours',
                now() - interval '1 hour', 120, 'not_granted', now()),
                (${B()}, ${w.batchX}, ${w.B.userId}, 'cms', now() - interval '3 hours',
                now() - interval '2 hours', 120, null, null)`,
        ),
    ],
    [
      'free_choice_request_without_direction',
      'free_choice_request',
      (trx) =>
        run(
          trx,
          sql`insert into free_choice_requests (application_id, place_batch_id, user_id, evidence,
                requested_at, decide_at, window_minutes, outcome, decided_at, direction_id)
              values (${B()}, ${w.batchX}, ${w.B.userId}, 'cms', now(), now(), 120, 'granted',
                now(), ${w.A.directionId})`,
        ),
    ],
    // A change that left no mark: the queues look current, their numbers were never stored.
    ['queue_numbers_stale', 'applications', (trx) => run(trx, sql`delete from queue_changes`)],
  ];

  it.each(cases)('reports %s, naming the %s', async (invariant, subjectType, plant) => {
    const found = await violationsAfter(plant);
    expect(found).toContainEqual({
      invariant,
      subject: expect.stringMatching(new RegExp(`^${subjectType}:\\d+(,\\d+)*$`)),
    });
    // Rolled back: the city is whole again.
    expect(await checkInvariants(w.t.database.db)).toEqual([]);
  });

  it('plants a case for every invariant it checks', () => {
    const text = rulesSql(w.t.database.db);
    expect(
      INVARIANTS.filter(
        (name) =>
          !['history_chain_broken', 'queue_numbers_stale'].includes(name) &&
          !text.includes(`'${name}'`),
      ),
    ).toEqual([]);
    expect(cases.map(([name]) => name).sort()).toEqual([...INVARIANTS].sort());
  });
});

describe('npm run check:invariants', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

  it('exits 0 on a sound PGlite directory and 1, naming the violation, on a broken one', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kezek-invariants-'));
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await migrateToLatest(database.db);
    await database.close();
    const env = { ...process.env, DATABASE_URL: '' };
    const sound = await promisify(execFile)(tsx, [cli, dataDir], { env });
    expect(sound.stdout).toContain('invariants hold (pglite)');

    const broken = await openDatabase({ kind: 'pglite', dataDir });
    await sql`insert into outbox (channel, recipient, language, subject, body, status, next_attempt_at, created_at)
              values ('email', 'a@example.kz', 'kk', 's', 'b', 'failed', now(), now())`.execute(
      broken.db,
    );
    await broken.close();
    const failure = await promisify(execFile)(tsx, [cli, dataDir], { env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect(failure.stdout).toContain('violation: outbox_failed outbox:1');
  });
});
