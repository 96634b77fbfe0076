import canonicalize from 'canonicalize';
import type { Trx } from '../db/connection.ts';
import { factsWanted, isPublic, logEventsOf, type FactsWanted, type HistoryRow } from './events.ts';
import { loadPlaced, loadSettledFacts, type SettledFacts } from './facts.ts';
import { appendLeaves, type LogHead } from './store.ts';

/** The public events of a transaction's history rows, with what they refer to read already. */
export interface PreparedLogEvents {
  rows: readonly HistoryRow[];
  wanted: FactsWanted;
  facts: SettledFacts;
}

/**
 * Picks the public queue events among history rows and reads their settled facts (facts.ts),
 * before history/history.ts locks the chain's head: the less is done under that lock, the less
 * every writer of the country waits for it (docs/performance.md, "The release at 1 M, with the
 * log").
 */
export async function prepareLogEvents(
  trx: Trx,
  rows: readonly HistoryRow[],
): Promise<PreparedLogEvents | null> {
  const publicRows = rows.filter(isPublic);
  if (publicRows.length === 0) return null;
  const wanted = factsWanted(publicRows);
  return { rows: publicRows, wanted, facts: await loadSettledFacts(trx, wanted) };
}

/**
 * Appends prepared events to the transparency log after `head` (read under its lock), in the
 * transaction of their change (docs/transparency.md): history/history.ts calls it after the rows,
 * while it holds the chain's head, so the leaves are in the history's order and a rollback takes
 * both. A log not yet started (an upgraded database before its genesis snapshot) takes nothing.
 */
export async function appendLogEvents(
  trx: Trx,
  prepared: PreparedLogEvents | null,
  head: LogHead,
): Promise<void> {
  if (!prepared || !head.started) return;
  const placed = await loadPlaced(trx, prepared.wanted, prepared.facts);
  const events = logEventsOf(prepared.rows, { ...prepared.facts, placed });
  await appendLeaves(
    trx,
    head,
    events.map((event) => canonicalize(event)!),
  );
}
