import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCity, type FaultCity } from './city.ts';
import { rush, rushCity, setClock, signInParents, tally, tick, until } from './rush.ts';
import { startServer, type ServerProcess } from './server-process.ts';

/**
 * Two instances on one PostgreSQL database behind a round-robin (every request of a browser goes
 * to the other instance): a rush split across both, and the deadline jobs and outbox workers of
 * both at once. No place is given twice; every expiry and every message happens exactly once.
 */

let city: FaultCity;
let instances: ServerProcess[] = [];
const bases = () => instances.map((i) => i.baseUrl);

describe.skipIf(!process.env.DATABASE_URL)('two instances on one database', () => {
  beforeAll(async () => {
    city = await seedCity();
    instances = await Promise.all(
      [3403, 3404].map((port) =>
        startServer({
          databaseUrl: city.databaseUrl,
          port,
          env: { KEZEK_TRUSTED_CAS: city.trustFile },
        }),
      ),
    );
    await setClock(bases());
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await city?.close();
  });

  it('share a rush, the deadline jobs and the outbox without doing anything twice', async () => {
    const { parents, choices } = await rushCity(city, bases(), {
      groupYear: 2022,
      batches: 2,
      count: 20,
      parents: 12,
      each: 10,
    });
    // Sign-in: the nonce from one instance, the signature to the other (sessions are in the database).
    const browsers = await signInParents(
      choices.map((choice) => parents[choice.parent]!),
      bases(),
    );
    const outcome = tally(await rush(browsers, parents, choices));
    expect(outcome).toEqual({ '201': 40, '409 place_taken': 80 });
    const served = await sql<{ n: string }>`select count(*) as n from directions`.execute(city.db);
    expect(Number(served.rows[0]!.n)).toBe(40);
    expect(await city.invariants()).toEqual([]);

    // Past the enrolment deadline, both instances run the jobs at the same moment, three times.
    const late = new Date('2026-04-01T00:00:00Z');
    await setClock(bases(), late);
    const runs = await Promise.all([0, 1, 2].flatMap(() => bases().map((base) => tick(base))));
    expect(runs.reduce((sum, run) => sum + run.directionsExpired!, 0)).toBe(40);
    const expiries = await sql<{
      directions: string;
      rows: string;
      free: string;
      messages: string;
    }>`
      select (select count(*) from directions where status = 'expired') as directions,
             (select count(*) from history where event = 'application.stop_listed') as rows,
             (select sum(free) from place_batches) as free,
             (select count(*) from outbox where channel = 'inapp' and created_at = ${late}) as messages`.execute(
      city.db,
    );
    expect(expiries.rows[0]).toEqual({ directions: '40', rows: '40', free: '40', messages: '40' });

    // Both outbox workers deliver (every 5 s): each e-mail and SMS is written once, by one of them.
    await until(async () => {
      const pending = await sql<{
        n: string;
      }>`select count(*) as n from outbox where status = 'pending'`.execute(city.db);
      return Number(pending.rows[0]!.n) === 0;
    }, 60_000);
    const delivered = async (channel: 'mail' | 'sms') =>
      (
        await Promise.all(
          instances.map((i) => readdir(path.join(i.dataDir, channel)).catch(() => [] as string[])),
        )
      )
        .flat()
        .map((file) => /-outbox-(\d+)\./.exec(file)?.[1])
        .filter(Boolean);
    const outbox = await sql<{ channel: string; n: string }>`
      select channel, count(*) as n from outbox group by channel order by channel`.execute(city.db);
    const count = (channel: string) =>
      Number(outbox.rows.find((r) => r.channel === channel)?.n ?? 0);
    const mails = await delivered('mail');
    const sms = await delivered('sms');
    expect(new Set(mails).size).toBe(mails.length);
    expect(new Set(sms).size).toBe(sms.length);
    expect([mails.length, sms.length]).toEqual([count('email'), count('sms')]);
    expect(count('email')).toBeGreaterThanOrEqual(80);
    expect(await city.invariants()).toEqual([]);
    for (const browser of browsers) browser.close();
  });
});
