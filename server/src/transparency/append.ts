import canonicalize from 'canonicalize';
import type { Trx } from '../db/connection.ts';
import { factsWanted, isPublic, logEventsOf, type HistoryRow } from './events.ts';
import { loadFacts } from './facts.ts';
import { appendLeaves, logHead } from './store.ts';

/**
 * Appends the public queue events among history rows to the transparency log, in the transaction
 * of their change (docs/transparency.md): history/history.ts calls it after the rows, while it
 * holds the chain's head, so the leaves are in the history's order and a rollback takes both. A
 * log not yet started (an upgraded database before its genesis snapshot) takes nothing.
 */
export async function appendLogEvents(trx: Trx, rows: readonly HistoryRow[]): Promise<void> {
  const publicRows = rows.filter(isPublic);
  if (publicRows.length === 0) return;
  const head = await logHead(trx, true);
  if (!head.started) return;
  const events = logEventsOf(publicRows, await loadFacts(trx, factsWanted(publicRows)));
  await appendLeaves(
    trx,
    head,
    events.map((event) => canonicalize(event)!),
  );
}
