import {
  LOG_ENTRIES_PAGE,
  type ConsistencyProof,
  type InclusionProof,
  type LogEntries,
} from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import { unprocessable } from '../problem.ts';
import { toHex } from './hash.ts';
import { consistencyRanges, inclusionRanges } from './shape.ts';
import { logHead, rangeHashes } from './store.ts';

/** A range or size the log does not have: 422 `log_range` (docs/transparency.md, "Endpoints"). */
const badRange = (title: string) => unprocessable('log_range', title);

async function requireSize(db: Db, size: number): Promise<void> {
  const { size: logSize } = await logHead(db);
  if (size > logSize) throw badRange(`The log has ${logSize} leaves`);
}

/** Leaves start..end inclusive, at most LOG_ENTRIES_PAGE.max, all of them in the log. */
export async function logEntries(db: Db, start: number, end: number): Promise<LogEntries> {
  if (end < start) throw badRange('end is before start');
  if (end - start + 1 > LOG_ENTRIES_PAGE.max)
    throw badRange(`At most ${LOG_ENTRIES_PAGE.max} entries a request`);
  await requireSize(db, end + 1);
  const rows = await db
    .selectFrom('log_leaves')
    .select(['leaf_index', 'data'])
    .where('leaf_index', '>=', String(start))
    .where('leaf_index', '<=', String(end))
    .orderBy('leaf_index')
    .execute();
  return { entries: rows.map((r) => ({ leafIndex: Number(r.leaf_index), data: r.data })) };
}

/** RFC 9162 2.1.3: the audit path of leaf `leafIndex` in the tree of the first `treeSize`. */
export async function inclusionProof(
  db: Db,
  leafIndex: number,
  treeSize: number,
): Promise<InclusionProof> {
  if (leafIndex >= treeSize) throw badRange('leafIndex is not below treeSize');
  await requireSize(db, treeSize);
  const path = await rangeHashes(db, inclusionRanges(leafIndex, treeSize));
  return { leafIndex, treeSize, inclusionPath: path.map(toHex) };
}

/** RFC 9162 2.1.4: that the tree of `second` leaves extends the tree of `first`. */
export async function consistencyProof(
  db: Db,
  first: number,
  second: number,
): Promise<ConsistencyProof> {
  if (first > second) throw badRange('first is larger than second');
  await requireSize(db, second);
  const path = await rangeHashes(db, consistencyRanges(first, second));
  return { first, second, consistencyPath: path.map(toHex) };
}
