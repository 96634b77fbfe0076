import type { Db } from '../db/connection.ts';
import { logEventsOf, factsWanted, type HistoryRow } from '../transparency/events.ts';
import { loadFacts } from '../transparency/facts.ts';
import { toHex, tree } from '../transparency/hash.ts';
import { signTreeHead } from '../transparency/heads.ts';
import { ed25519Signer } from '../transparency/key.ts';

/** What a leaf is about: its type and the child (pseudonym), batch or region it names. */
const keyOf = (event: Record<string, unknown>) =>
  `${String(event.type)} ${String(event.pseudonym ?? event.batchId ?? event.regionId)}`;

/**
 * How the transparency log departs from the history after a crash (docs/transparency.md): every
 * public history row must have its leaves, once, at gap-free indices, and the head the server
 * signs next must have the root of those leaves. The server's clock is moved past its newest head
 * so that it signs one. Empty when the log is whole.
 */
export async function logViolations(db: Db, baseUrl: string): Promise<string[]> {
  const violations: string[] = [];
  const leaves = await db
    .selectFrom('log_leaves')
    .select(['leaf_index', 'data', 'leaf_hash'])
    .orderBy('leaf_index')
    .execute();
  leaves.forEach((leaf, i) => {
    if (Number(leaf.leaf_index) !== i) violations.push(`leaf ${leaf.leaf_index} stands at ${i}`);
  });
  const history = await db
    .selectFrom('history')
    .select(['at', 'event', 'subject_type', 'subject_id', 'before', 'after'])
    .orderBy('id')
    .execute();
  const rows: HistoryRow[] = history.map((h) => ({
    at: h.at,
    event: h.event,
    subjectType: h.subject_type,
    subjectId: h.subject_id,
    before: h.before,
    after: h.after,
  }));
  const expected = await db
    .transaction()
    .execute(async (trx) => logEventsOf(rows, await loadFacts(trx, factsWanted(rows))));
  const have = leaves.map((leaf) => keyOf(JSON.parse(leaf.data) as Record<string, unknown>));
  const want = expected.map((event) => keyOf(event));
  if (JSON.stringify(have.toSorted()) !== JSON.stringify(want.toSorted()))
    violations.push(
      `the log holds ${have.length} leaves, the history's public events ${want.length}`,
    );

  // A head signed now, with the server's key (kept in the database), a minute after the newest:
  // then read as the server serves it.
  const served = async () => (await fetch(`${baseUrl}/api/public/log/head`)).json();
  const key = (await (await fetch(`${baseUrl}/api/public/log/key`)).json()) as { logId: string };
  const { value: pem } = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'log_key')
    .executeTakeFirstOrThrow();
  const newest = (await served()) as { timestamp?: string };
  const at = new Date(new Date(newest.timestamp ?? 0).getTime() + 2 * 60_000);
  await signTreeHead(db, { now: () => at }, ed25519Signer(key.logId, pem));
  const head = (await served()) as { treeSize: number; rootHash: string };
  const root = toHex(tree.root(leaves.map((leaf) => new Uint8Array(leaf.leaf_hash))));
  if (head.treeSize !== leaves.length || head.rootHash !== root)
    violations.push(
      `the head of ${head.treeSize} leaves (of ${leaves.length}) has root ${head.rootHash}, not ${root}`,
    );
  const recomputed = leaves.filter(
    (leaf) => toHex(tree.leafHash(Buffer.from(leaf.data, 'utf8'))) !== toHex(leaf.leaf_hash),
  );
  if (recomputed.length > 0) violations.push(`${recomputed.length} leaves have a wrong hash`);
  return violations;
}
