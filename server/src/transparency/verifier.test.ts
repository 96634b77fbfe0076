// The verifier (verifier/, docs/verifier.md) against the real server: a log the real commands
// wrote passes, and each attack of issue 18's "Tests" — a tampered leaf, a reordered event, a turn
// given out of order, a dropped event, a forked head — is found and named (docs/transparency.md).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logEventSchema, type LogEvent } from '@kezek/contracts';
import { makeIin } from '@kezek/domain';
import { EXIT } from '@kezek/verifier';
import { runVerifier } from '@kezek/verifier/testing';
import type { Trx } from '../db/connection.ts';
import { upsertPersons } from '../registry/sql.ts';
import { register } from '../testing/world.ts';
import { signedPost, startWorkspaceWorld, type WorkspaceWorld } from '../testing/workspace.ts';
import { signTreeHead } from './heads.ts';
import { appendLeaves, logHead } from './store.ts';

const GROUP_YEAR = 2022;
const MINUTE = 60_000;
let w: WorkspaceWorld;
let url: string;
let dir: string;
/** The children A, B, C, D in the order they registered. */
let children: string[];
/** The log the real commands wrote: each leaf's bytes. */
let clean: string[];
let batchId: number;

const db = () => w.t.database.db;
const pseudonymOf = (id: string) => w.t.app.pseudonyms.of(id);
const run = () => runVerifier(url, dir);

/** Signs a head over the whole log, a minute after the last one (the job's interval). */
async function signHead() {
  w.t.clock.advance(MINUTE);
  expect(await signTreeHead(db(), w.t.clock, w.t.app.logSigner), 'a new head').not.toBeNull();
}

/** The stored leaves' bytes, in leaf order. */
async function storedLeaves(): Promise<string[]> {
  const rows = await db().selectFrom('log_leaves').select('data').orderBy('leaf_index').execute();
  return rows.map((row) => row.data);
}

/** The index of the first leaf of this type about this application. */
function leafOf(type: LogEvent['type'], application: string, leaves = clean): number {
  const index = leaves.findIndex((data) => {
    const event = JSON.parse(data) as LogEvent;
    return (
      event.type === type && 'pseudonym' in event && event.pseudonym === pseudonymOf(application)
    );
  });
  expect(index, `the ${type} leaf`).toBeGreaterThanOrEqual(0);
  return index;
}

/** Runs `change` on the append-only log tables with their triggers off, as an owner of the database could. */
async function behindTheTriggers(change: (trx: Trx) => Promise<void>) {
  await db()
    .transaction()
    .execute(async (trx) => {
      for (const table of ['log_leaves', 'log_nodes'])
        await sql`alter table ${sql.table(table)} disable trigger ${sql.ref(`${table}_no_update`)}`.execute(
          trx,
        );
      await change(trx);
      for (const table of ['log_leaves', 'log_nodes'])
        await sql`alter table ${sql.table(table)} enable trigger ${sql.ref(`${table}_no_update`)}`.execute(
          trx,
        );
    });
}

/**
 * The log written again from nothing as these leaves, every node and its heads anew, and a head
 * signed over it: a server whose own tree is consistent, so only the replay or an earlier head
 * can tell.
 */
async function rewriteLog(leaves: readonly string[]) {
  await behindTheTriggers(async (trx) => {
    await sql`delete from log_leaves`.execute(trx);
    await sql`delete from log_nodes`.execute(trx);
    await sql`delete from log_tree_heads`.execute(trx);
    await appendLeaves(trx, { size: 0, edge: [] }, leaves);
  });
  await signHead();
}

/** Events appended after the log's end through the server's own append path (store.ts). */
async function appendEvents(events: LogEvent[]) {
  await db()
    .transaction()
    .execute(async (trx) => {
      const leaves = events.map((event) => canonicalize(logEventSchema.parse(event))!);
      await appendLeaves(trx, await logHead(trx, true), leaves);
    });
}

async function registerChild(serial: number): Promise<string> {
  const iin = makeIin(`${GROUP_YEAR}-04-0${serial + 1}`, 'male', 6200 + serial);
  await db()
    .transaction()
    .execute((trx) =>
      upsertPersons(trx, [
        { iin, lastName: 'Тексеру', firstName: `Бала${serial}`, parentIins: [w.parent.iin] },
      ]),
    );
  // A minute apart: the queue order is the registration order.
  w.t.clock.advance(MINUTE);
  const response = await register(w.parent.client, w.parent.keys, w.districts.astana, iin);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** A signed action of the parent that must succeed. */
async function parentSigns(url: string, action: string, fields: object) {
  const response = await signedPost(w.parent, url, action, fields);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response;
}

beforeAll(async () => {
  w = await startWorkspaceWorld();
  await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(w.t.app.server.address() as AddressInfo).port}`;
  children = [];
  for (let serial = 0; serial < 4; serial += 1) children.push(await registerChild(serial));
  const [a, b] = children as [string, string];
  // One place: A's turn, declined, goes to B; B takes it and revokes; the place comes back to
  // the first child queued, A (docs/rules.md, "Places given back": as a release would give it).
  const places = await w.staff.client.post('/api/places', {
    kindergartenId: w.kindergartens.no1,
    groupYear: GROUP_YEAR,
    language: 'kk',
    count: 1,
  });
  expect(places.statusCode, places.body).toBe(201);
  batchId = Number(places.json().id);
  await parentSigns(`/api/applications/${a}/turn/decline`, 'turn.decline', { applicationId: a });
  const chosen = await parentSigns(`/api/applications/${b}/direction`, 'direction.choose', {
    applicationId: b,
    placeId: places.json().id,
  });
  const directionId = chosen.json().id as string;
  await parentSigns(`/api/directions/${directionId}/revoke`, 'direction.revoke', {
    directionId,
    reason: 'Далеко от дома',
  });
  await signHead();
  clean = await storedLeaves();
});
afterAll(() => w.t.close());

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kezek-verify-server-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  // Each attack on its own: the next test starts from the log the commands wrote.
  await rewriteLog(clean);
});

describe('the verifier against the real server', () => {
  it('passes the log the real commands wrote, every turn checked', async () => {
    const types = clean.map((data) => (JSON.parse(data) as LogEvent).type);
    expect(types.filter((type) => type === 'turn_given')).toHaveLength(3);
    const { code, output } = await run();
    expect(code, output).toBe(EXIT.ok);
    expect(output).toContain(`: ${clean.length} leaves`);
    expect(output).toContain('turns checked: 3; directions checked: 1');
    expect(output).toMatch(/OK$/);
  });

  it('finds a leaf whose bytes an owner of the database changed behind the trigger', async () => {
    const [a] = children as [string];
    const index = leafOf('registered', a);
    await behindTheTriggers(async (trx) => {
      await trx
        .updateTable('log_leaves')
        .set({ data: clean[index]!.replace('"general"', '"out_of_turn"') })
        .where('leaf_index', '=', String(index))
        .execute();
    });
    const { code, output } = await run();
    expect(code, output).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf ${index} registered ${pseudonymOf(a)}: The leaf's bytes are not those head ${clean.length}`,
    );
  });

  it('finds a reordered pair of events, under a head the server signed over them', async () => {
    const b = children[1]!;
    const turn = leafOf('turn_given', b);
    const direction = leafOf('direction_issued', b);
    const reordered = [...clean];
    [reordered[turn], reordered[direction]] = [clean[direction]!, clean[turn]!];
    await rewriteLog(reordered);
    const { code, output } = await run();
    expect(code, output).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf ${turn} direction_issued ${pseudonymOf(b)}: A direction in turn on batch ${batchId} for a child without a turn on it.`,
    );
  });

  it('finds a turn given to a child behind another eligible one, its leaf hashed as the server does', async () => {
    // A holds the turn the place given back brought; B, queued again, is first in line.
    const [, b, , d] = children as [string, string, string, string];
    const at = w.t.clock.now();
    const fake = 999_999;
    await appendEvents([
      {
        v: 1,
        at: at.toISOString(),
        type: 'places_added',
        batchId: fake,
        districtId: w.districts.astana,
        kindergartenId: w.kindergartens.no1,
        groupYear: GROUP_YEAR,
        language: 'kk',
        count: 1,
        private: false,
        returned: false,
      },
      {
        v: 1,
        at: at.toISOString(),
        type: 'turn_given',
        pseudonym: pseudonymOf(d),
        batchId: fake,
        until: new Date(at.getTime() + 5 * 86_400_000).toISOString(),
        bySibling: false,
      },
    ]);
    await signHead();
    const { code, output } = await run();
    expect(code, output).toBe(EXIT.violation);
    expect(output).toContain(
      `leaf ${clean.length + 1} turn_given ${pseudonymOf(d)}: The turn on batch ${fake} was given while ${pseudonymOf(b)}, ahead in the queue and waiting, was passed by.`,
    );
  });

  it('finds a dropped event: a decline taken out and the leaves after it re-indexed', async () => {
    const [a, b] = children as [string, string];
    const dropped = leafOf('turn_declined', a);
    await rewriteLog(clean.filter((_, index) => index !== dropped));
    const { code, output } = await run();
    expect(code, output).toBe(EXIT.violation);
    // The next leaf is B's turn on the batch whose one place A still holds.
    expect(leafOf('turn_given', b)).toBe(dropped + 1);
    expect(output).toContain(
      `leaf ${dropped} turn_given ${pseudonymOf(b)}: Batch ${batchId} has no free place left for another turn.`,
    );
  });

  it('finds a forked head against the head an earlier run kept, run after run', async () => {
    expect((await run()).code).toBe(EXIT.ok);
    const seen = (await w.t.app.inject({ url: '/api/public/log/head' })).json();
    // History rewritten: D registered before C, then the log goes on.
    const [, , c, d] = children as [string, string, string, string];
    const rewritten = [...clean];
    const [first, second] = [leafOf('registered', c), leafOf('registered', d)];
    [rewritten[first], rewritten[second]] = [clean[second]!, clean[first]!];
    await rewriteLog(rewritten);
    for (let again = 0; again < 2; again += 1) {
      const { code, output } = await run();
      expect(code, output).toBe(EXIT.violation);
      expect(output).toContain(
        `log: The log forked: head ${seen.treeSize} of ${seen.timestamp} (root ${seen.rootHash.slice(0, 12)}…), seen before, and head ${clean.length} of `,
      );
    }
  });
});
