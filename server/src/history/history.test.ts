import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { OpenDatabase } from '../db/connection.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { appendHistory, verifyHistoryChain } from './history.ts';

let database: OpenDatabase;
beforeAll(async () => {
  database = await openTestDatabase('migrated');
  for (let i = 0; i < 7; i += 1) {
    await database.db.transaction().execute((trx) =>
      appendHistory(trx, {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
        actor: 'user:1',
        event: 'thing.changed',
        subjectType: 'thing',
        subjectId: i,
        before: { n: i },
        after: { n: i + 1, name: 'Әлем' },
      }),
    );
  }
});
afterAll(() => database.close());

describe('history chain', () => {
  it('verifies an untouched chain, also across batches', async () => {
    expect(await verifyHistoryChain(database.db)).toEqual({ ok: true, rows: 7 });
    expect(await verifyHistoryChain(database.db, 3)).toEqual({ ok: true, rows: 7 });
  });

  it('refuses updates and deletes', async () => {
    await expect(
      sql`update history set actor = 'user:2' where id = 3`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from history where id = 3`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('finds the row an owner of the database changed behind the trigger', async () => {
    await sql`alter table history disable trigger history_no_update`.execute(database.db);
    await sql`update history set after = '{"n": 99}' where id = 4`.execute(database.db);
    await sql`alter table history enable trigger history_no_update`.execute(database.db);
    expect(await verifyHistoryChain(database.db)).toEqual({ ok: false, rows: 3, brokenAtId: '4' });
  });
});
