import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { startTestApp, TestClient, type TestApp } from '../testing/harness.ts';
import { readiness } from './readiness.ts';

let t: TestApp;
let client: TestClient;

beforeAll(async () => {
  t = await startTestApp();
  client = new TestClient(t.app);
});
afterAll(() => t.close());

describe('health', () => {
  it('answers liveness without asking the database', async () => {
    const response = await client.get('/api/health/live');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers, every migration is applied and no CRL is stale', async () => {
    const response = await client.get('/api/health/ready');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', crls: 'ok' },
      reasons: [],
    });
  });

  it('keeps GET /api/health for its callers', async () => {
    const response = await client.get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', db: t.database.kind });
  });

  it('is not ready, with the reason, while a migration of this version is not applied', async () => {
    const db = t.database.db;
    const newest = await sql<{ name: string; timestamp: string }>`
      select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    const { name, timestamp } = newest.rows[0]!;
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    try {
      const response = await client.get('/api/health/ready');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({
        status: 'not_ready',
        checks: { database: 'ok', migrations: `1 not applied, the last ${name}`, crls: 'ok' },
        reasons: [`migrations: 1 not applied, the last ${name}`],
      });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp})`.execute(
        db,
      );
    }
    expect((await client.get('/api/health/ready')).statusCode).toBe(200);
  });

  it('is not ready when the database does not answer', async () => {
    // Nothing listens on port 9 of this machine: the connection is refused.
    const pool = new pg.Pool({ connectionString: 'postgres://kezek@127.0.0.1:9/kezek' });
    const unreachable = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const answer = await readiness(unreachable, t.app.revocation);
      expect(answer.status).toBe('not_ready');
      expect(answer.checks).toMatchObject({ migrations: 'unknown', crls: 'ok' });
      expect(answer.reasons).toEqual([expect.stringMatching(/^database: /)]);
    } finally {
      await unreachable.destroy();
    }
  });
});
