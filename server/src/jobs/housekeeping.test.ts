import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { sweepUnattachedUploads } from '../applications/attachments.ts';
import { sweepUsedNonces } from '../eds/nonces.ts';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { sweepExpiredSessions } from './housekeeping.ts';
import { runDueJobs } from './runner.ts';

/** The tables that would only grow, swept by the deadline jobs in bounded batches (issue 16, item 6). */
let t: TestApp;
const HOUR = 3_600_000;
const wallNow = new Date('2026-12-01T12:00:00Z');
const wall: Clock = { now: () => new Date(wallNow) };
const at = (ms: number) => new Date(wallNow.getTime() + ms);
const random = () => randomBytes(12).toString('base64url');

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function addSessions(expiresAt: Date, count: number): Promise<string[]> {
  const sids = Array.from({ length: count }, random);
  await t.database.db
    .insertInto('sessions')
    .values(sids.map((sid) => ({ sid, data: '{"cookie":{}}', expires_at: expiresAt })))
    .execute();
  return sids;
}

async function addUsedNonces(expiresAt: Date, count: number): Promise<string[]> {
  const nonces = Array.from({ length: count }, random);
  await t.database.db
    .insertInto('used_nonces')
    .values(nonces.map((nonce) => ({ nonce, expires_at: expiresAt })))
    .execute();
  return nonces;
}

async function addUploads(createdAt: Date, count: number): Promise<string[]> {
  const rows = await t.database.db
    .insertInto('documents')
    .values(
      Array.from({ length: count }, (_, i) => ({
        owner_user_id: null,
        application_id: null,
        kind: 'attachment',
        language: 'kk',
        title: `scan-${i}.pdf`,
        content_type: 'application/pdf',
        sha256: 'x'.repeat(64),
        size: 4,
        content: Buffer.from('%PDF'),
        created_at: createdAt,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

const sessionsLeft = async (sids: string[]) =>
  (await t.database.db.selectFrom('sessions').select('sid').where('sid', 'in', sids).execute())
    .length;

const noncesLeft = async (nonces: string[]) =>
  (
    await t.database.db
      .selectFrom('used_nonces')
      .select('nonce')
      .where('nonce', 'in', nonces)
      .execute()
  ).length;

const uploadsLeft = async (ids: string[]) =>
  (await t.database.db.selectFrom('documents').select('id').where('id', 'in', ids).execute())
    .length;

describe('housekeeping', () => {
  it('deletes the expired sessions, used nonces and day-old unattached uploads in the scheduled jobs, and keeps the live ones', async () => {
    const expiredSessions = await addSessions(at(-1), 7);
    const liveSessions = await addSessions(at(HOUR), 3);
    const business = t.clock.now();
    const expiredNonces = await addUsedNonces(new Date(business.getTime() - 1), 5);
    const liveNonces = await addUsedNonces(new Date(business.getTime() + 600_000), 2);
    const oldUploads = await addUploads(new Date(business.getTime() - 25 * HOUR), 4);
    const freshUploads = await addUploads(new Date(business.getTime() - HOUR), 2);

    const result = await runDueJobs(t.database.db, t.clock, wall);
    expect(result).toMatchObject({
      sessionsForgotten: 7,
      usedNoncesForgotten: 5,
      signingRequestsForgotten: 0,
      uploadsForgotten: 4,
    });
    expect(await sessionsLeft(expiredSessions)).toBe(0);
    expect(await sessionsLeft(liveSessions)).toBe(3);
    expect(await noncesLeft(expiredNonces)).toBe(0);
    expect(await noncesLeft(liveNonces)).toBe(2);
    expect(await uploadsLeft(oldUploads)).toBe(0);
    expect(await uploadsLeft(freshUploads)).toBe(2);

    // Sessions live by the wall clock: the business clock a year ahead signs nobody out.
    const yearAhead: Clock = { now: () => new Date(business.getTime() + 365 * 24 * HOUR) };
    expect((await runDueJobs(t.database.db, yearAhead, wall)).sessionsForgotten).toBe(0);
    expect(await sessionsLeft(liveSessions)).toBe(3);
    await t.database.db.deleteFrom('sessions').where('sid', 'in', liveSessions).execute();
  });

  it('deletes at most a batch per statement and stops at the cap of batches; the next run goes on', async () => {
    const expired = await addSessions(at(-HOUR), 25);
    const bounds = { batch: 10, maxBatches: 2 };
    expect(await sweepExpiredSessions(t.database.db, wallNow, bounds)).toBe(20);
    expect(await sessionsLeft(expired)).toBe(5);
    expect(await sweepExpiredSessions(t.database.db, wallNow, bounds)).toBe(5);
    expect(await sweepExpiredSessions(t.database.db, wallNow, bounds)).toBe(0);
    expect(await sessionsLeft(expired)).toBe(0);

    const business = t.clock.now();
    const nonces = await addUsedNonces(new Date(business.getTime() - HOUR), 12);
    expect(await sweepUsedNonces(t.database.db, business, { batch: 5, maxBatches: 1 })).toBe(5);
    expect(await noncesLeft(nonces)).toBe(7);
    expect(await sweepUsedNonces(t.database.db, business, { batch: 5, maxBatches: 10 })).toBe(7);

    const uploads = await addUploads(new Date(business.getTime() - 48 * HOUR), 9);
    expect(await sweepUnattachedUploads(t.database.db, business, { batch: 4, maxBatches: 2 })).toBe(
      8,
    );
    expect(await uploadsLeft(uploads)).toBe(1);
    expect(await sweepUnattachedUploads(t.database.db, business, { batch: 4, maxBatches: 2 })).toBe(
      1,
    );
  });
});
