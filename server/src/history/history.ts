import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { chunksOf } from '../db/chunks.ts';
import type { Db } from '../db/connection.ts';

export interface HistoryEntry {
  at: Date;
  /** `user:<id>` or `system` */
  actor: string;
  event: string;
  subjectType: string;
  subjectId: string | number;
  before: unknown;
  after: unknown;
  /** The signed CMS (base64 DER) of an EDS-signed action. */
  evidence?: string | null;
}

const GENESIS = '0'.repeat(64);

function canonicalContent(entry: HistoryEntry): string {
  return canonicalize({
    at: entry.at.toISOString(),
    actor: entry.actor,
    event: entry.event,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    evidenceSha256: entry.evidence
      ? createHash('sha256').update(entry.evidence).digest('hex')
      : null,
  })!;
}

function chainHash(prevHash: string, entry: HistoryEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalContent(entry)).digest('hex');
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Appends one row; call inside the transaction that makes the change it records. */
export async function appendHistory(trx: Db, entry: HistoryEntry): Promise<void> {
  await appendHistoryRows(trx, [entry]);
}

/**
 * Appends rows in the given order, chained, in multi-row inserts: three statements for up to a
 * thousand rows (lock the head, insert, move the head), one more insert per further thousand.
 */
export async function appendHistoryRows(trx: Db, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await trx
    .selectFrom('history_head')
    .select('last_hash')
    .forUpdate()
    .executeTakeFirstOrThrow();
  let prevHash = head.last_hash;
  const rows = entries.map((entry) => {
    const hash = chainHash(prevHash, entry);
    const row = {
      at: entry.at,
      actor: entry.actor,
      event: entry.event,
      subject_type: entry.subjectType,
      subject_id: String(entry.subjectId),
      before: toJson(entry.before),
      after: toJson(entry.after),
      evidence: entry.evidence ?? null,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // Rows get their ids in insert order, which is the chain's order.
  for (const chunk of chunksOf(rows)) await trx.insertInto('history').values(chunk).execute();
  await trx.updateTable('history_head').set({ last_hash: prevHash }).execute();
}

export type ChainVerdict =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAtId: string };

/** Recomputes every link from the genesis hash; a changed, removed or reordered row breaks it. */
export async function verifyHistoryChain(db: Db, batchSize = 5000): Promise<ChainVerdict> {
  let prevHash = GENESIS;
  let afterId = '0';
  let rows = 0;
  for (;;) {
    const batch = await db
      .selectFrom('history')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const row of batch) {
      const expected = chainHash(prevHash, {
        at: row.at,
        actor: row.actor,
        event: row.event,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        before: row.before,
        after: row.after,
        evidence: row.evidence,
      });
      if (row.prev_hash !== prevHash || row.hash !== expected) {
        return { ok: false, rows, brokenAtId: row.id };
      }
      prevHash = row.hash;
      rows += 1;
    }
    if (batch.length < batchSize) return { ok: true, rows };
    afterId = batch[batch.length - 1]!.id;
  }
}
