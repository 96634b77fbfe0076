import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { EXIT } from '@kezek/verifier';
import { runVerifier } from '@kezek/verifier/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addParents, addWaiting, seedCity, type FaultCity } from './city.ts';
import {
  rush,
  rushCity,
  setClock,
  signInParents,
  staffBrowser,
  tally,
  tick,
  until,
} from './rush.ts';
import { logViolations } from './log.ts';
import { startServer, type ServerProcess } from './server-process.ts';

/**
 * kill -9 of the real server in the middle of a 10 000-place release and in the middle of a rush:
 * after a restart and the jobs, every invariant holds and the interrupted work is done exactly once,
 * and the verifier finds the restarted server's transparency log clean — no event left out or in
 * twice, every turn to the first eligible child, each head consistent with those seen before the
 * kill (docs/verifier.md). PostgreSQL only (another process must reach the database).
 */

// KEZEK_FAULT_PORT: another port, for a second checkout running the fault tests on one machine.
const PORT = Number(process.env.KEZEK_FAULT_PORT ?? 3402);
let city: FaultCity;
let server: ServerProcess;
/** The verifier's state: the heads seen after each restart, which every later run extends. */
let verifierState: string;

const start = async () => {
  server = await startServer({
    databaseUrl: city.databaseUrl,
    port: PORT,
    env: { KEZEK_TRUSTED_CAS: city.trustFile },
  });
  await setClock([server.baseUrl]);
  return server;
};

describe.skipIf(!process.env.DATABASE_URL)('a server killed with SIGKILL', () => {
  beforeAll(async () => {
    city = await seedCity();
    verifierState = await mkdtemp(path.join(tmpdir(), 'kezek-crash-verify-'));
    await start();
  });
  afterAll(async () => {
    await server?.kill();
    await city?.close();
    await rm(verifierState, { recursive: true, force: true });
  });

  /**
   * The verifier against the restarted server, over the head logViolations has just made it sign:
   * a clean report, its heads consistent with those of the runs before the kill (one state file).
   */
  const expectCleanLog = async () => {
    const { code, output } = await runVerifier(server.baseUrl, verifierState);
    expect(code, output).toBe(EXIT.ok);
  };

  it('in a 10 000-place release: each release is all its turns or none, and the rest are given once after the restart', async () => {
    const RELEASES = 20;
    const PLACES = 500;
    const bulkParent = (await addParents(city, 1))[0]!;
    await addWaiting(city, RELEASES * PLACES, 2021, [bulkParent.userId]);
    const staff = await staffBrowser(city, [server.baseUrl], '127.0.0.2');
    const release = () =>
      staff.post('/api/places', {
        kindergartenId: city.kindergartenId,
        groupYear: 2021,
        language: city.language,
        count: PLACES,
      });
    const batches = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from place_batches where group_year = 2021`.execute(city.db)
        ).rows[0]!.n,
      );
    const sent = Array.from({ length: RELEASES }, () => release().catch((error: Error) => error));
    // Releases of one queue take turns on its lock: kill while a later one is under way.
    await until(async () => (await batches()) >= 3);
    await server.kill();
    const answers = await Promise.all(sent);
    const lost = answers.filter((a) => a instanceof Error).length;
    expect(lost, 'some releases were cut off by the kill').toBeGreaterThan(0);

    const perBatch = await sql<{ total: number; turns: string; given: string }>`
      select b.total, count(a.id) as turns,
             (select count(*) from history h where h.event = 'application.turn_given'
                and h.after->>'placeBatch' = b.id::text) as given
        from place_batches b left join applications a on a.turn_batch_id = b.id
       where b.group_year = 2021 group by b.id`.execute(city.db);
    // Each saved release has every one of its turns, their history rows and notifications.
    for (const row of perBatch.rows) {
      expect([Number(row.turns), Number(row.given)]).toEqual([row.total, row.total]);
    }
    expect(await city.invariants()).toEqual([]);

    await start();
    // The staff member sees what was saved (the list) and adds only what is missing.
    const saved = await batches();
    for (let i = saved; i < RELEASES; i += 1) {
      const again = await release();
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body).toMatchObject({ turnsGiven: PLACES });
    }
    staff.close();
    expect(await tick(server.baseUrl)).toMatchObject({ turnsLapsed: 0 });
    const turns = await sql<{ status: string; n: string }>`
      select status, count(*) as n from applications where group_year = 2021 group by status`.execute(
      city.db,
    );
    expect(turns.rows.map((r) => [r.status, Number(r.n)])).toEqual([['turn', RELEASES * PLACES]]);
    expect(await batches()).toBe(RELEASES);
    expect(await city.invariants()).toEqual([]);
    // Every turn of the saved releases is a leaf of the transparency log, once, and the head signed
    // after the restart covers exactly the leaves (docs/transparency.md).
    expect(await logViolations(city.db, server.baseUrl)).toEqual([]);
    await expectCleanLog();
  });

  it('in a rush and in the expiry job: no place given twice, every direction whole, each expiry once', async () => {
    const { parents, choices, places } = await rushCity(city, [server.baseUrl], {
      groupYear: 2022,
      batches: 2,
      count: 20,
      parents: 12,
      each: 10,
    });
    // A browser session for each choice: a parent chooses for each child in a tab of its own.
    const browsers = await signInParents(
      choices.map((choice) => parents[choice.parent]!),
      [server.baseUrl],
    );
    const directions = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from directions`.execute(city.db)).rows[0]!
          .n,
      );

    const sent = rush(browsers, parents, choices);
    await until(async () => (await directions()) >= 8);
    await server.kill();
    const first = await sent;
    expect(tally(first).lost, JSON.stringify(tally(first))).toBeGreaterThan(0);
    expect(await directions()).toBeLessThanOrEqual(places);
    expect(await city.invariants()).toEqual([]);

    await start();
    // The parents whose answer was lost press the button again.
    const lost = (_: unknown, i: number) => first[i] instanceof Error;
    const second = await rush(browsers.filter(lost), parents, choices.filter(lost));
    const answers = [...first.filter((a) => !(a instanceof Error)), ...second];
    const outcome = tally(answers);
    expect(outcome.lost).toBeUndefined();
    // Every place was taken once; a retry of a choice that had been saved is refused as done.
    expect(await directions()).toBe(places);
    expect((outcome['201'] ?? 0) + (outcome['409 action_not_allowed'] ?? 0)).toBe(places);
    expect(outcome['409 place_taken']).toBe(choices.length - places);
    expect(await city.invariants()).toEqual([]);
    expect(await logViolations(city.db, server.baseUrl)).toEqual([]);
    await expectCleanLog();

    // The enrolment deadline passes; the expiry job is killed while it runs, then runs again.
    const late = new Date('2026-04-01T00:00:00Z');
    await setClock([server.baseUrl], late);
    const running = tick(server.baseUrl).catch((error: Error) => error);
    await until(async () => {
      const active = await sql<{ n: string }>`
        select count(*) as n from pg_stat_activity
         where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()`.execute(
        city.db,
      );
      return Number(active.rows[0]!.n) > 0;
    });
    await server.kill();
    await running;
    await start();
    await setClock([server.baseUrl], late);
    await tick(server.baseUrl);
    expect(await tick(server.baseUrl)).toMatchObject({ directionsExpired: 0 });
    const expiries = await sql<{
      directions: string;
      rows: string;
      free: string;
      messages: string;
    }>`
      select (select count(*) from directions where status = 'expired') as directions,
             (select count(*) from history where event = 'application.stop_listed') as rows,
             (select sum(free) from place_batches where group_year = 2022) as free,
             -- The expiries' messages name the direction; the turns that lapsed at the same
             -- tick have their own, naming the application.
             (select count(*) from outbox where channel = 'inapp' and created_at = ${late}
                 and subject like '%NP.%') as messages`.execute(city.db);
    expect(expiries.rows[0]).toEqual({ directions: '40', rows: '40', free: '40', messages: '40' });
    expect(await city.invariants()).toEqual([]);
    expect(await logViolations(city.db, server.baseUrl)).toEqual([]);
    await expectCleanLog();
    for (const browser of browsers) browser.close();
  });
});
