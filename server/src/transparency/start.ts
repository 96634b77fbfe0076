import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { factsWanted, logEventsOf, type HistoryRow } from './events.ts';
import { loadFacts } from './facts.ts';
import { appendLeaves, logHead } from './store.ts';

const BATCH = 5000;

/**
 * At every start: the pseudonyms of applications written without one (rows older than migration
 * 0039, or inserted in bulk by a tool), then, on a database whose log has not started, the genesis
 * snapshot (docs/transparency.md, "Genesis"). Returns the genesis snapshot's leaves (0: none).
 */
export async function startLog(db: Db, pseudonyms: Pseudonyms, now: Date): Promise<number> {
  await fillPseudonyms(db, pseudonyms);
  if ((await logHead(db)).started) return 0;
  return db.transaction().execute(async (trx) => {
    // The history's writers wait: the snapshot is of one moment, and the next event follows it.
    await sql`select 1 from history_head for update`.execute(trx);
    if ((await logHead(trx, true)).started) return 0;
    let leaves = await appendRows(trx, [genesisRow(now, 'log.genesis', 'region', 0)]);
    // A batch's places still to be taken: free ones, those on open turns, and those of directions
    // not yet enrolled (the snapshot's turn_given and direction_issued leaves name the batch).
    const batches = await sql<{ id: string; count: number }>`
      select b.id, b.free
        + (select count(*)::int from applications a
            where a.turn_batch_id = b.id and a.status = 'turn')
        + (select count(*)::int from directions d
            where d.place_batch_id = b.id and d.status = 'issued') as count
      from place_batches b order by b.id`.execute(trx);
    leaves += await appendRows(
      trx,
      batches.rows
        .filter((b) => b.count > 0)
        .map((b) => ({ ...genesisRow(now, 'places.added', 'place_batch', b.id), after: b })),
    );
    for (let cursor: QueueKey | null = null; ;) {
      const page: { rows: HistoryRow[]; last: QueueKey | null } = await queuePage(trx, cursor, now);
      if (!page.last) break;
      leaves += await appendRows(trx, page.rows);
      cursor = page.last;
    }
    await trx.updateTable('log_head').set({ started: true }).execute();
    return leaves;
  });
}

const genesisRow = (at: Date, event: string, subjectType: string, subjectId: string | number) =>
  ({ at, event, subjectType, subjectId, before: null, after: null }) as HistoryRow;

async function appendRows(trx: Trx, rows: HistoryRow[]): Promise<number> {
  const events = logEventsOf(rows, await loadFacts(trx, factsWanted(rows)));
  await appendLeaves(
    trx,
    await logHead(trx, true),
    events.map((e) => canonicalize(e)!),
  );
  return events.length;
}

/** Where a page of the queue ends: the queue key of its last child. */
interface QueueKey {
  registeredAt: Date;
  number: string;
}

/**
 * A page of the children still in the queue, in queue key order (registration instant, then
 * application number), as the history rows that would have put each where it stands: registered
 * with its ranking, then its turn, direction or stop-list.
 */
async function queuePage(
  trx: Trx,
  cursor: QueueKey | null,
  now: Date,
): Promise<{ rows: HistoryRow[]; last: QueueKey | null }> {
  const result = await sql<{
    id: string;
    registered_at: Date;
    number: string;
    status: string;
    queue_class: string;
    turn_batch_id: string | null;
    turn_until: Date | null;
    direction_batch: string | null;
    mode: string | null;
    preferences: number[] | null;
    radius_km: number | null;
    home_lat: number | null;
    home_lon: number | null;
  }>`
    select a.id, a.registered_at, a.number, a.status, a.queue_class, a.turn_batch_id,
      a.turn_until, d.place_batch_id as direction_batch,
      case when k.type = 'private' then 'private' else b.state end as mode,
      (select array_agg(p.kindergarten_id order by p.rank) from application_preferences p
        where p.application_id = a.id) as preferences,
      n.radius_km, n.home_lat, n.home_lon
    from applications a
    left join directions d on d.application_id = a.id and d.status = 'issued'
    left join place_batches b on b.id = d.place_batch_id
    left join kindergartens k on k.id = d.kindergarten_id
    left join application_nearby n on n.application_id = a.id
    where a.status in ('queued', 'turn', 'direction_issued', 'stop_listed')
      and (${cursor === null} or (a.registered_at, a.number) >
        (${cursor?.registeredAt ?? now}::timestamptz, ${cursor?.number ?? ''}::text))
    order by a.registered_at, a.number
    limit ${BATCH}`.execute(trx);
  const rows = result.rows.flatMap((r) => {
    const row = (event: string, after: unknown): HistoryRow => ({
      ...genesisRow(now, event, 'application', r.id),
      after,
    });
    const ranking = {
      ...(r.preferences && { preferences: r.preferences }),
      ...(r.radius_km !== null && {
        nearby: { radiusKm: r.radius_km, home: { lat: r.home_lat, lon: r.home_lon } },
      }),
    };
    const status: HistoryRow[] =
      r.status === 'turn'
        ? [
            row('application.turn_given', {
              placeBatch: r.turn_batch_id,
              turnUntil: r.turn_until!.toISOString(),
            }),
          ]
        : r.status === 'direction_issued' && r.direction_batch
          ? [row('application.direction_issued', { placeBatch: r.direction_batch, mode: r.mode })]
          : r.status === 'stop_listed'
            ? [row('application.stop_listed', null)]
            : [];
    return [row('application.registered', { queueClass: r.queue_class, ...ranking }), ...status];
  });
  const last = result.rows[result.rows.length - 1];
  return { rows, last: last ? { registeredAt: last.registered_at, number: last.number } : null };
}

/** Gives every application without a pseudonym its own, in batches. */
export async function fillPseudonyms(db: Db | Trx, pseudonyms: Pseudonyms): Promise<void> {
  for (;;) {
    const ids = await db
      .selectFrom('applications')
      .select('id')
      .where('pseudonym', 'is', null)
      .limit(BATCH)
      .execute();
    if (ids.length === 0) return;
    await sql`
      update applications a set pseudonym = u.pseudonym
      from unnest(${ids.map((r) => r.id)}::bigint[], ${ids.map((r) => pseudonyms.of(r.id))}::text[])
        as u(id, pseudonym)
      where a.id = u.id`.execute(db);
  }
}
