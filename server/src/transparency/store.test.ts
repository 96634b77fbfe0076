import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { OpenDatabase } from '../db/connection.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { toHex, tree } from './hash.ts';
import { consistencyProof, inclusionProof, logEntries } from './log.ts';
import { foldRight } from './shape.ts';
import { appendLeaves, logHead } from './store.ts';

// The stored tree (subtree hashes written as leaves are appended) against domain/merkle.ts's
// recursion over all the leaves, at sizes that cross every shape up to a few perfect trees.
let database: OpenDatabase;
const data: string[] = [];
const hashes = () => data.map((d) => tree.leafHash(Buffer.from(d, 'utf8')));

/** A reproducible sequence of chunk sizes (a release appends many leaves, a sign-in one). */
function* chunks(total: number): Generator<number> {
  let seed = 7;
  for (let left = total; left > 0;) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const size = Math.min(left, 1 + (seed % 9));
    left -= size;
    yield size;
  }
}

beforeAll(async () => {
  database = await openTestDatabase('migrated');
  for (const size of chunks(70)) {
    const batch = Array.from({ length: size }, (_, i) => `{"leaf":${data.length + i},"t":"Әлем"}`);
    await database.db.transaction().execute(async (trx) => {
      await appendLeaves(trx, await logHead(trx, true), batch);
    });
    data.push(...batch);
  }
});
afterAll(() => database.close());

describe('the stored transparency log', () => {
  it('keeps the root of every size on its right edge', async () => {
    const head = await logHead(database.db);
    expect(head.size).toBe(data.length);
    expect(toHex(foldRight(head.edge))).toBe(toHex(tree.root(hashes())));
  });

  it('serves the entries as appended', async () => {
    const { entries } = await logEntries(database.db, 3, 12);
    expect(entries).toEqual(data.slice(3, 13).map((d, i) => ({ leafIndex: 3 + i, data: d })));
  });

  it('proves inclusion and consistency exactly as RFC 9162 computes them', async () => {
    const all = hashes();
    for (let size = 1; size <= all.length; size += 1) {
      const leaves = all.slice(0, size);
      for (const index of new Set([0, Math.floor(size / 3), size - 1])) {
        const proof = await inclusionProof(database.db, index, size);
        expect(proof.inclusionPath).toEqual(tree.inclusionProof(leaves, index).map(toHex));
      }
      for (const first of new Set([1, Math.ceil(size / 2), size])) {
        const proof = await consistencyProof(database.db, first, size);
        expect(proof.consistencyPath).toEqual(tree.consistencyProof(leaves, first).map(toHex));
      }
    }
  });

  it('refuses ranges and sizes it does not have', async () => {
    const beyond = data.length + 1;
    await expect(logEntries(database.db, 5, 4)).rejects.toMatchObject({ code: 'log_range' });
    await expect(logEntries(database.db, 0, 1000)).rejects.toMatchObject({ code: 'log_range' });
    await expect(logEntries(database.db, 0, beyond)).rejects.toMatchObject({ code: 'log_range' });
    await expect(inclusionProof(database.db, 3, 3)).rejects.toMatchObject({ code: 'log_range' });
    await expect(inclusionProof(database.db, 0, beyond)).rejects.toMatchObject({
      code: 'log_range',
    });
    await expect(consistencyProof(database.db, 4, 3)).rejects.toMatchObject({ code: 'log_range' });
  });

  it('is append-only', async () => {
    await expect(
      sql`delete from log_leaves where leaf_index = 0`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`update log_nodes set hash = hash`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
  });
});
