import canonicalize from 'canonicalize';
import { Cron } from 'croner';
import { LOG_LEAF_VERSION, type SignedTreeHead, type TreeHeadBody } from '@kezek/contracts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { toHex } from './hash.ts';
import type { LogSigner } from './key.ts';
import { foldRight } from './shape.ts';
import { logHead } from './store.ts';

/** A tree head is signed at most this often (issue 18: "at most every minute"). */
export const HEAD_INTERVAL_MS = 60_000;

/**
 * Signs a tree head of the whole log when it grew since the newest head and that head is at
 * least a minute old (docs/transparency.md, "Tree heads"); the first head is signed at once. The
 * root is folded from the log's right edge: no leaf is read. Returns the new head, or null.
 * Several instances may run it: the head's tree size is its key, and the first one stays.
 */
export async function signTreeHead(
  db: Db,
  clock: Clock,
  signer: LogSigner,
): Promise<SignedTreeHead | null> {
  const now = clock.now();
  const [head, newest] = await Promise.all([logHead(db), newestHeadRow(db)]);
  if (newest) {
    const grew = head.size > Number(newest.tree_size);
    if (!grew || now.getTime() - newest.timestamp.getTime() < HEAD_INTERVAL_MS) return null;
  }
  const body: TreeHeadBody = {
    v: LOG_LEAF_VERSION,
    logId: signer.key.logId,
    treeSize: head.size,
    timestamp: now.toISOString(),
    rootHash: toHex(foldRight(head.edge)),
  };
  const signed: SignedTreeHead = {
    ...body,
    algorithm: signer.key.algorithm,
    signature: signer.sign(Buffer.from(canonicalize(body)!, 'utf8')),
  };
  const inserted = await db
    .insertInto('log_tree_heads')
    .values({
      tree_size: String(signed.treeSize),
      timestamp: now,
      root_hash: Buffer.from(signed.rootHash, 'hex'),
      log_id: signed.logId,
      algorithm: signed.algorithm,
      signature: signed.signature,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('tree_size')
    .executeTakeFirst();
  return inserted ? signed : null;
}

function newestHeadRow(db: Db) {
  return db
    .selectFrom('log_tree_heads')
    .selectAll()
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest signed tree head, or null before the first. */
export async function newestTreeHead(db: Db): Promise<SignedTreeHead | null> {
  const row = await newestHeadRow(db);
  return row
    ? {
        v: LOG_LEAF_VERSION,
        logId: row.log_id,
        treeSize: Number(row.tree_size),
        timestamp: row.timestamp.toISOString(),
        rootHash: row.root_hash.toString('hex'),
        algorithm: row.algorithm as SignedTreeHead['algorithm'],
        signature: row.signature,
      }
    : null;
}

/** Runs signTreeHead every minute; a run still going makes the next one wait (protect). */
export function scheduleTreeHeads(
  db: Db,
  clock: Clock,
  signer: LogSigner,
  onError: (error: unknown) => void,
): () => void {
  const job = new Cron('* * * * *', { protect: true, catch: onError }, async () => {
    await signTreeHead(db, clock, signer);
  });
  return () => job.stop();
}
