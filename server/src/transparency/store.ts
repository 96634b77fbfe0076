import { sql } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import { tree } from './hash.ts';
import { foldRight, subtreesOf, type Range, type Subtree } from './shape.ts';

/** The log's size, its right edge and whether it has started. */
export interface LogHead {
  size: number;
  edge: Uint8Array[];
  started: boolean;
}

/** The log's head as its row holds it (`size` a bigint's text). */
export const logHeadOf = (row: {
  size: string | number;
  edge: Uint8Array[];
  started: boolean;
}) => ({
  size: Number(row.size),
  edge: row.edge,
  started: row.started,
});

/** The log's size and right edge, read under the row's lock when `trx` appends. */
export async function logHead(db: Db | Trx, forUpdate = false): Promise<LogHead> {
  const row = await db
    .selectFrom('log_head')
    .select(['size', 'edge', 'started'])
    .$if(forUpdate, (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
  return logHeadOf(row);
}

/**
 * Appends leaves (each a LogEvent's canonical JSON) after `head` (read under its lock by the
 * caller), in one statement: the
 * leaves, the perfect subtrees they complete (log_nodes) and the head's new size and right edge.
 * The caller holds the history chain's head (history/history.ts), so nothing appends between the
 * read of the head and the commit; the row lock on log_head keeps that true for any other caller.
 */
export async function appendLeaves(
  trx: Trx,
  head: { size: number; edge: Uint8Array[] },
  leaves: readonly string[],
): Promise<void> {
  if (leaves.length === 0) return;
  const edge = subtreesOf([0, head.size]).map((part, i) => ({ ...part, hash: head.edge[i]! }));
  const hashes = leaves.map((data) => Buffer.from(tree.leafHash(Buffer.from(data, 'utf8'))));
  const nodes: Array<Subtree & { hash: Uint8Array }> = [];
  hashes.forEach((hash, i) => {
    let top = { level: 0, start: head.size + i, hash: hash as Uint8Array };
    // Two perfect subtrees of one size side by side make one of the next: RFC 9162's tree is the
    // binary counter of its leaves.
    while (edge.length > 0 && edge[edge.length - 1]!.level === top.level) {
      const left = edge.pop()!;
      top = { level: top.level + 1, start: left.start, hash: tree.nodeHash(left.hash, top.hash) };
      nodes.push(top);
    }
    edge.push(top);
  });
  const first = head.size;
  await sql`
    with leaves as (
      insert into log_leaves (leaf_index, data, leaf_hash)
      select ${first}::bigint + n - 1, data, hash
      from unnest(${leaves}::text[], ${hashes}::bytea[]) with ordinality as l(data, hash, n)),
    nodes as (
      insert into log_nodes (level, index, hash)
      select * from unnest(${nodes.map((n) => n.level)}::smallint[],
        ${nodes.map((n) => n.start / 2 ** n.level)}::bigint[],
        ${nodes.map((n) => Buffer.from(n.hash))}::bytea[]))
    update log_head set size = ${first + leaves.length},
      edge = ${edge.map((part) => Buffer.from(part.hash))}::bytea[]`.execute(trx);
}

/** The hashes of ranges of the stored tree, each read from its perfect subtrees (shape.ts). */
export async function rangeHashes(db: Db, ranges: readonly Range[]): Promise<Uint8Array[]> {
  const parts = ranges.map(subtreesOf);
  const wanted = parts.flat();
  const leaves = wanted.filter((p) => p.level === 0).map((p) => p.start);
  const nodes = wanted.filter((p) => p.level > 0);
  const [leafRows, nodeRows] = await Promise.all([
    leaves.length === 0
      ? []
      : db
          .selectFrom('log_leaves')
          .select(['leaf_index', 'leaf_hash'])
          .where('leaf_index', 'in', leaves.map(String))
          .execute(),
    nodes.length === 0
      ? []
      : sql<{ level: number; index: string; hash: Buffer }>`
          select n.level, n.index, n.hash from log_nodes n
          join unnest(${nodes.map((p) => p.level)}::smallint[],
            ${nodes.map((p) => p.start / 2 ** p.level)}::bigint[]) as w(level, index)
          using (level, index)`
          .execute(db)
          .then((result) => result.rows),
  ]);
  const found = new Map<string, Uint8Array>([
    ...leafRows.map((r) => [`0/${r.leaf_index}`, r.leaf_hash] as const),
    ...nodeRows.map((r) => [`${r.level}/${r.index}`, r.hash] as const),
  ]);
  return parts.map((list) =>
    foldRight(
      list.map((p) => {
        const hash = found.get(`${p.level}/${p.start / 2 ** p.level}`);
        if (!hash) throw new Error(`the log has no subtree ${p.level}/${p.start}`);
        return hash;
      }),
    ),
  );
}
