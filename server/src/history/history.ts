import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import { appendLogEvents, prepareLogEvents } from '../transparency/append.ts';
import { logHeadOf, type LogHead } from '../transparency/store.ts';

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
export async function appendHistory(trx: Trx, entry: HistoryEntry): Promise<void> {
  await appendHistoryRows(trx, [entry]);
}

/**
 * The most rows one statement of appendHistoryRows chains: each step of the chain takes its row's
 * canonical JSON from an array by subscript, which walks the array from its start, so a statement
 * still costs the square of its rows, but of pointer steps (a thousand rows, a few milliseconds).
 */
const CHAIN_ROWS_PER_STATEMENT = 1000;

/**
 * Appends rows in the given order, chained, in statements of at most CHAIN_ROWS_PER_STATEMENT
 * rows: each locks the chain's head (the first; the others find it locked by their transaction),
 * hashes each row onto the one before it (sha256 of the previous hash and the row's canonical
 * JSON, made here), inserts them and moves the head; then the public events among them go to
 * the transparency log (transparency/append.ts). The head stays locked from the first
 * statement to the commit and every writer of the country waits for it, so as little as can be
 * runs while it is held: what the log's events refer to is read before it, the log's head is read
 * (and locked) by the chain's own statement, and no hashing is done in this process, which would
 * first have to read the head.
 */
export async function appendHistoryRows(trx: Trx, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const logEvents = await prepareLogEvents(trx, entries);
  let logHead: LogHead | undefined;
  for (let start = 0; start < entries.length; start += CHAIN_ROWS_PER_STATEMENT)
    logHead = await appendChainedRows(trx, entries.slice(start, start + CHAIN_ROWS_PER_STATEMENT));
  // The public events among them become leaves of the transparency log in this transaction,
  // while the chain's head is held: the log's order is the history's (docs/transparency.md).
  await appendLogEvents(trx, logEvents, logHead!);
}

/** Chains and inserts rows; the transparency log's head, read under its lock by the same statement. */
async function appendChainedRows(trx: Trx, entries: readonly HistoryEntry[]): Promise<LogHead> {
  const column = <T>(value: (entry: HistoryEntry) => T) => entries.map(value);
  const { rows } = await sql<{ size: string; edge: Buffer[]; started: boolean }>`
    with recursive head as (select last_hash from history_head for update),
    log as (select size, edge, started from log_head for update),
    -- The chain steps by index into the rows' canonical texts: a step joined to the input's rows
    -- would scan them all, each step.
    texts as (select ${column(canonicalContent)}::text[] as canonical),
    input as (
      select * from unnest(
        ${column((e) => e.at.toISOString())}::timestamptz[],
        ${column((e) => e.actor)}::text[],
        ${column((e) => e.event)}::text[],
        ${column((e) => e.subjectType)}::text[],
        ${column((e) => String(e.subjectId))}::text[],
        ${column((e) => toJson(e.before))}::jsonb[],
        ${column((e) => toJson(e.after))}::jsonb[],
        ${column((e) => e.evidence ?? null)}::text[]
      ) with ordinality as r(at, actor, event, subject_type, subject_id, before, after, evidence,
        n)),
    chain as (
      select 1::bigint as n, last_hash as prev_hash,
        encode(sha256(convert_to(last_hash || t.canonical[1], 'UTF8')), 'hex') as hash
      from head, texts t
      union all
      select c.n + 1, c.hash,
        encode(sha256(convert_to(c.hash || t.canonical[c.n + 1], 'UTF8')), 'hex')
      from chain c, texts t where c.n < cardinality(t.canonical)),
    appended as (
      -- Rows get their ids in the order inserted, which is the chain's order.
      insert into history (at, actor, event, subject_type, subject_id, before, after, evidence,
        prev_hash, hash)
      select i.at, i.actor, i.event, i.subject_type, i.subject_id, i.before, i.after, i.evidence,
        c.prev_hash, c.hash
      from input i join chain c using (n) order by n)
    update history_head set last_hash = (select hash from chain order by n desc limit 1)
    returning (select size from log), (select edge from log), (select started from log)`.execute(
    trx,
  );
  return logHeadOf(rows[0]!);
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
