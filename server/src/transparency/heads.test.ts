// Signed tree heads and the public endpoints of the transparency log (docs/transparency.md): a
// head at most once a minute and only when the log grew, its signature checked with the served
// key, its root and proofs checked with domain/merkle.ts as a verifier would.
import { createPublicKey, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consistencyProofSchema,
  inclusionProofSchema,
  logEntriesSchema,
  logEventSchema,
  logKeySchema,
  signedTreeHeadSchema,
  type SignedTreeHead,
} from '@kezek/contracts';
import { appendHistory } from '../history/history.ts';
import { startTestApp, TestClient, type TestApp } from '../testing/harness.ts';
import { insertWaitingApplications } from '../testing/applications.ts';
import { tree } from './hash.ts';
import { signTreeHead } from './heads.ts';
import { startLog } from './start.ts';

let t: TestApp;
let client: TestClient;
let regionId: number;
let districtId: number;

beforeAll(async () => {
  t = await startTestApp();
  client = new TestClient(t.app);
  ({ id: districtId, region_id: regionId } = await t.database.db
    .selectFrom('districts')
    .select(['id', 'region_id'])
    .orderBy('id')
    .executeTakeFirstOrThrow());
});
afterAll(() => t.close());

const fromHex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const sign = () => signTreeHead(t.database.db, t.clock, t.app.logSigner);
const get = async (url: string) => (await client.get(url)).json();

/** A public event: the region's policy set again. */
const policyEvent = () =>
  t.database.db.transaction().execute((trx) =>
    appendHistory(trx, {
      at: t.clock.now(),
      actor: 'system',
      event: 'policy.changed',
      subjectType: 'region',
      subjectId: regionId,
      before: null,
      after: null,
    }),
  );

async function leafHashes(size: number): Promise<Uint8Array[]> {
  const { entries } = logEntriesSchema.parse(
    await get(`/api/public/log/entries?start=0&end=${size - 1}`),
  );
  return entries.map((e) => {
    logEventSchema.parse(JSON.parse(e.data));
    return tree.leafHash(Buffer.from(e.data, 'utf8'));
  });
}

describe('tree heads', () => {
  let first: SignedTreeHead;

  it('serves no head before the first is signed, then the first at once', async () => {
    expect((await client.get('/api/public/log/head')).statusCode).toBe(404);
    first = (await sign())!;
    expect(first).not.toBeNull();
    expect(signedTreeHeadSchema.parse(await get('/api/public/log/head'))).toEqual(first);
  });

  it('signs with the served key, over the root of the served entries', async () => {
    const key = logKeySchema.parse(await get('/api/public/log/key'));
    const { signature, algorithm, ...body } = first;
    expect(algorithm).toBe('ed25519');
    expect(
      verify(
        null,
        Buffer.from(canonicalize(body)!, 'utf8'),
        createPublicKey(key.publicKeyPem),
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
    expect(body.rootHash).toBe(
      Buffer.from(tree.root(await leafHashes(body.treeSize))).toString('hex'),
    );
  });

  it('signs again only when the log grew, and at most once a minute', async () => {
    t.clock.advance(5 * 60_000);
    expect(await sign()).toBeNull();
    await policyEvent();
    const grown = await sign();
    expect(grown?.treeSize).toBe(first.treeSize + 1);
    await policyEvent();
    t.clock.advance(59_000);
    expect(await sign()).toBeNull();
    t.clock.advance(1_000);
    const next = (await sign())!;
    expect(next.treeSize).toBe(first.treeSize + 2);
    expect(await get('/api/public/log/head')).toEqual(next);
  });

  it('proves inclusion of every leaf and consistency with every older head', async () => {
    const head = signedTreeHeadSchema.parse(await get('/api/public/log/head'));
    const leaves = await leafHashes(head.treeSize);
    const root = fromHex(head.rootHash);
    for (let index = 0; index < head.treeSize; index += 1) {
      const proof = inclusionProofSchema.parse(
        await get(`/api/public/log/proof/inclusion?leafIndex=${index}&treeSize=${head.treeSize}`),
      );
      const path = proof.inclusionPath.map(fromHex);
      expect(tree.verifyInclusion(leaves[index]!, index, head.treeSize, path, root)).toBe(true);
    }
    for (let size = 1; size < head.treeSize; size += 1) {
      const proof = consistencyProofSchema.parse(
        await get(`/api/public/log/proof/consistency?first=${size}&second=${head.treeSize}`),
      );
      const older = tree.root(leaves.slice(0, size));
      const path = proof.consistencyPath.map(fromHex);
      expect(tree.verifyConsistency(size, head.treeSize, older, root, path)).toBe(true);
    }
  });

  it('answers a range or size it does not have with a problem', async () => {
    const { treeSize } = await get('/api/public/log/head');
    for (const url of [
      `/api/public/log/entries?start=3&end=2`,
      `/api/public/log/entries?start=0&end=1000`,
      `/api/public/log/entries?start=0&end=${treeSize}`,
      `/api/public/log/proof/inclusion?leafIndex=${treeSize}&treeSize=${treeSize}`,
      `/api/public/log/proof/consistency?first=2&second=1`,
    ]) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(422);
      expect(response.json().code).toBe('log_range');
    }
    expect((await client.get('/api/public/log/entries?start=-1&end=2')).statusCode).toBe(400);
  });
});

describe('the genesis snapshot of a database upgraded with history', () => {
  it('logs the policies, the open places and the children in the queue in queue order', async () => {
    const db = t.database.db;
    const ids = await insertWaitingApplications(
      db,
      [3, 1, 2].map((minute) => ({
        regionId,
        districtId,
        applicantUserId: 1,
        serial: 700 + minute,
        minute,
        birthDate: '2023-04-04',
        child: { lastName: 'Генезис', firstName: `Бала${minute}` },
        ...(minute === 2 && { status: 'stop_listed' as const }),
      })),
    );
    // As before migration 0039: no log, no pseudonyms (TRUNCATE fires no row trigger).
    await sql`truncate log_leaves, log_nodes`.execute(db);
    await sql`update log_head set size = 0, edge = '{}', started = false`.execute(db);
    await sql`update applications set pseudonym = null`.execute(db);
    const leaves = await startLog(db, t.app.pseudonyms, t.clock.now());
    const { entries } = logEntriesSchema.parse(
      await get(`/api/public/log/entries?start=0&end=${leaves - 1}`),
    );
    const events = entries.map((e) => logEventSchema.parse(JSON.parse(e.data)));
    const regions = await db.selectFrom('regions').select('id').execute();
    expect(events.slice(0, regions.length).every((e) => e.type === 'policy_set')).toBe(true);
    const mine = events.filter((e) => 'pseudonym' in e);
    expect(mine.map((e) => [e.type, 'pseudonym' in e && e.pseudonym])).toEqual(
      [ids[1]!, ids[2]!, ids[0]!].flatMap((id) => [
        ['registered', t.app.pseudonyms.of(id)],
        ...(id === ids[2] ? [['stop_listed', t.app.pseudonyms.of(id)]] : []),
      ]),
    );
    expect(await startLog(db, t.app.pseudonyms, t.clock.now())).toBe(0);
  });
});
