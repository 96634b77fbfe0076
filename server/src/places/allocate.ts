import { sql } from 'kysely';
import {
  addMonths,
  localDateOf,
  orderForKindergarten,
  batchOffers,
  effectiveRanking,
  orderQueue,
  type PriorityRatio,
  type QueueClass,
  type RegionPolicy,
} from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { kindergartensByTurn } from './by-turn.ts';

export interface WaitingChild {
  id: string;
  queueClass: QueueClass;
  registeredAt: Date;
  number: string;
  eligible: boolean;
  /** A sibling attends the kindergarten whose places are given (docs/rules.md, "Siblings"). */
  siblingHere: boolean;
}

/** Whom the places are for: the queue, and the kindergarten they are at (null: several). */
export interface PlacesFor {
  districtId: number;
  groupYear: number;
  kindergartenId: number | null;
}

/** The fewest rows a page of a class asks for: one more round trip costs less than many rows. */
const MIN_PAGE = 16;

/**
 * Everything that gives turns in one queue (a district and group year) takes its lock first, for
 * the rest of its transaction: a release and a place given back, or two of them, never pick the
 * same child. A caller that locks several queues takes them in (district, group year) order, so
 * that two such callers never wait for each other.
 */
export async function lockQueue(trx: Trx, districtId: number, groupYear: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${districtId}, ${groupYear})`.execute(trx);
}

/**
 * One class of the waiting queue in order, read page by page (keyset) until it holds `wanted`
 * eligible children (queued, not yet at the age limit, their wanted month begun) or the class ends. Children on a turn or on
 * the stop-list keep their places in the order, so they are read too, only not chosen. A page asks
 * for the children still wanted and an eighth more, at least MIN_PAGE, and each further page twice
 * as many: a release of thousands reads its class in one or two round trips, and a release of 50
 * reads about 57 children, not hundreds (each row costs a look-up of the child's birth date), even
 * where the turns of the morning's earlier releases lead the class.
 */
async function classPrefix(
  trx: Trx,
  districtId: number,
  groupYear: number,
  queueClass: QueueClass,
  wanted: number,
  ageCutoff: string,
  today: string,
) {
  const rows: WaitingChild[] = [];
  let eligible = 0;
  let after: { at: Date; number: string } | null = null;
  for (let pages = 0; ; pages += 1) {
    const missing = wanted - eligible;
    const size = Math.max(MIN_PAGE, missing + Math.ceil(missing / 8)) * 2 ** pages;
    const page: { id: string; registered_at: Date; number: string; eligible: boolean }[] = (
      await sql<{ id: string; registered_at: Date; number: string; eligible: boolean }>`
        select a.id, a.registered_at, a.number,
          (a.status = 'queued' and p.birth_date > ${ageCutoff}
            and (a.wanted_from is null or a.wanted_from <= ${today})) as eligible
        from applications a join persons p on p.iin = a.child_iin
        where a.district_id = ${districtId} and a.group_year = ${groupYear} and a.queue_class = ${queueClass}
          and a.status in ('queued', 'turn', 'stop_listed')
          ${after ? sql`and (a.registered_at, a.number) > (${after.at}, ${after.number})` : sql``}
        order by a.registered_at, a.number
        limit ${size}`.execute(trx)
    ).rows;
    for (const row of page) {
      rows.push({
        id: row.id,
        queueClass,
        registeredAt: row.registered_at,
        number: row.number,
        eligible: row.eligible,
        siblingHere: false,
      });
      if (row.eligible) eligible += 1;
    }
    const last = page[page.length - 1];
    if (eligible >= wanted || page.length < size || !last) return rows;
    after = { at: last.registered_at, number: last.number };
  }
}

/**
 * The eligible children of the queue with a sibling (a child of one of their parents, as the
 * person registry links them) enrolled at the kindergarten and not departed: few, wherever they
 * wait in their class.
 */
async function siblingsWaiting(
  trx: Trx,
  kindergartenId: number,
  places: PlacesFor,
  ageCutoff: string,
  today: string,
): Promise<WaitingChild[]> {
  const rows = await sql<{
    id: string;
    queue_class: QueueClass;
    registered_at: Date;
    number: string;
  }>`
    select a.id, a.queue_class, a.registered_at, a.number
    from applications a join persons p on p.iin = a.child_iin
    where a.district_id = ${places.districtId} and a.group_year = ${places.groupYear}
      and a.status = 'queued' and p.birth_date > ${ageCutoff}
      and (a.wanted_from is null or a.wanted_from <= ${today})
      and exists (
        select 1 from person_parents mine
        join person_parents theirs on theirs.parent_iin = mine.parent_iin
          and theirs.child_iin <> mine.child_iin
        join enrolments e on e.child_iin = theirs.child_iin
        where mine.child_iin = a.child_iin
          and e.kindergarten_id = ${kindergartenId} and e.departed_on is null)`.execute(trx);
  return rows.rows.map((row) => ({
    id: row.id,
    queueClass: row.queue_class,
    registeredAt: row.registered_at,
    number: row.number,
    eligible: true,
    siblingHere: true,
  }));
}

/** The next children chosen for a kindergarten's places, and whether a sibling put them there. */
export interface Chosen {
  applicationId: string;
  bySibling: boolean;
}

/**
 * The next `count` eligible children of a district and group year for places at a kindergarten
 * (docs/rules.md, "Benefit classes and queue order": out-of-turn first, then first-priority and
 * general by the policy ratio; "Siblings": within a class, a sibling of a child attending the
 * kindergarten first where the policy says so). Each class is read only as far as it can matter;
 * the domain's order merges them.
 */
export async function nextEligible(
  trx: Trx,
  places: PlacesFor,
  count: number,
  policy: RegionPolicy,
  now: Date,
): Promise<Chosen[]> {
  const { districtId, groupYear } = places;
  // The age limit: a child born on or before this date has reached it. A child whose place is
  // wanted from a later month keeps its place but gets no turn yet (domain turnMayStart).
  const today = localDateOf(now);
  const ageCutoff = addMonths(today, -12 * policy.ageLimitYears);
  const classes: QueueClass[] = ['out_of_turn', 'first_priority', 'general'];
  const waiting: WaitingChild[] = [];
  // Out-of-turn children come first: the two interleaved classes together give only the places
  // they leave, so neither is read further than that.
  let wanted = count;
  for (const queueClass of classes) {
    if (wanted <= 0) break;
    const prefix = await classPrefix(
      trx,
      districtId,
      groupYear,
      queueClass,
      wanted,
      ageCutoff,
      today,
    );
    waiting.push(...prefix);
    if (queueClass === 'out_of_turn') wanted -= prefix.filter((child) => child.eligible).length;
  }
  if (policy.siblingPriority === 'within_class' && places.kindergartenId !== null) {
    const siblings = await siblingsWaiting(trx, places.kindergartenId, places, ageCutoff, today);
    const read = new Map(waiting.map((child) => [child.id, child]));
    for (const sibling of siblings) {
      const known = read.get(sibling.id);
      if (known) known.siblingHere = true;
      else waiting.push(sibling);
    }
  }
  const ordered = orderForKindergarten(
    waiting,
    policy.firstPriorityRatio as PriorityRatio,
    policy.siblingPriority,
  );
  const plain = new Set(
    orderQueue(waiting, policy.firstPriorityRatio as PriorityRatio)
      .filter((child) => child.eligible)
      .slice(0, count)
      .map((child) => child.id),
  );
  return ordered
    .filter((child) => child.eligible)
    .slice(0, count)
    .map((child) => ({ applicationId: child.id, bySibling: !plain.has(child.id) }));
}

/**
 * How far into each class a ranked round reads the children who ranked its kindergartens: a
 * release offers at most 500 places.
 */
const RANKED_READ = 2_000;

/** The free places of one batch offered in a ranked round. */
export interface RoundPlaces {
  batchId: string;
  kindergartenId: number;
  count: number;
}

/** A child offered a place of a batch in a ranked round. */
export interface RankedOffer {
  applicationId: string;
  batchId: string;
}

/**
 * The offers of a ranked round (docs/rules.md, "Ranked preferences"): the eligible children of the
 * queue who ranked one of the round's kindergartens or whose "any within N km of home" may reach
 * one, in queue order, each offered a place of the best-ranked one of its effective ranking with a
 * place left in the round (serial dictatorship, batchOffers in domain/src/allocation.ts), passing
 * by the children who let a turn on one of its batches pass.
 */
export async function rankedOffers(
  trx: Trx,
  queue: Pick<PlacesFor, 'districtId' | 'groupYear'>,
  round: readonly RoundPlaces[],
  policy: RegionPolicy,
  now: Date,
): Promise<RankedOffer[]> {
  if (round.length === 0) return [];
  const today = localDateOf(now);
  const ageCutoff = addMonths(today, -12 * policy.ageLimitYears);
  const kindergartenIds = [...new Set(round.map((places) => places.kindergartenId))];
  const batchIds = round.map((places) => places.batchId);
  // SQL only narrows the candidates; the domain's effectiveRanking decides who is within reach.
  // A home's box of ±radius (a degree of latitude is 111.2 km on the domain's sphere, of
  // longitude that times the cosine; 111.0 leaves a margin) holds its whole circle, so no child
  // within reach is missed, and the distances are computed only for the few children it lets
  // through, never for the whole queue.
  const rows = await sql<{
    id: string;
    queue_class: QueueClass;
    registered_at: Date;
    number: string;
    ranking: number[] | null;
    passed: string[];
    radius_km: number | null;
    home_lat: number | null;
    home_lon: number | null;
  }>`
    select id, queue_class, registered_at, number, radius_km, home_lat, home_lon,
      (select array_agg(kindergarten_id order by rank) from application_preferences
        where application_id = c.id) as ranking,
      (select coalesce(array_agg(batch_id::text), '{}') from passed_turns
        where application_id = c.id and batch_id = any(${batchIds}::bigint[])) as passed
    from (
      select a.id, a.queue_class, a.registered_at, a.number,
        n.radius_km, n.home_lat, n.home_lon, row_number() over (
        partition by a.queue_class order by a.registered_at, a.number) as place
      from applications a join persons p on p.iin = a.child_iin
        left join application_nearby n on n.application_id = a.id
      where a.district_id = ${queue.districtId} and a.group_year = ${queue.groupYear}
        and a.status = 'queued' and p.birth_date > ${ageCutoff}
        and (a.wanted_from is null or a.wanted_from <= ${today})
        and (exists (select 1 from application_preferences ap
            where ap.application_id = a.id and ap.kindergarten_id = any(${kindergartenIds}::int[]))
          or exists (select 1 from kindergartens k
            where k.id = any(${kindergartenIds}::int[])
              and abs(k.lat - n.home_lat) <= n.radius_km / 111.0
              and abs(k.lon - n.home_lon) <= n.radius_km / (111.0 * cos(radians(n.home_lat)))))
    ) c
    where place <= ${RANKED_READ}`.execute(trx);
  const { placed } = await kindergartensByTurn(trx, { ids: kindergartenIds });
  const ordered = orderQueue(
    rows.rows.map((row) => ({
      id: row.id,
      queueClass: row.queue_class,
      registeredAt: row.registered_at,
      number: row.number,
      ranking: effectiveRanking(
        row.ranking ?? [],
        row.radius_km === null
          ? null
          : { radiusKm: row.radius_km, home: { lat: row.home_lat!, lon: row.home_lon! } },
        placed,
      ),
      passed: row.passed,
    })),
    policy.firstPriorityRatio as PriorityRatio,
  );
  return batchOffers(
    ordered.map((child) => ({ child: child.id, ranking: child.ranking, passed: child.passed })),
    round.map((places) => ({
      batch: places.batchId,
      kindergarten: places.kindergartenId,
      count: places.count,
    })),
  ).map(({ child, batch }) => ({ applicationId: child, batchId: batch }));
}
