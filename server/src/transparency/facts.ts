import { sql } from 'kysely';
import type { Trx } from '../db/connection.ts';
import { kindergartensByTurn } from '../places/by-turn.ts';
import type {
  AllocationMode,
  PlacedKindergarten,
  QueueClass,
  SiblingPriorityMode,
} from '@kezek/domain';
import type { ApplicationFacts, BatchFacts, FactsWanted, LogFacts, PolicyFacts } from './events.ts';

/** The facts that no other writer changes: all of LogFacts but the kindergartens by turn. */
export type SettledFacts = Omit<LogFacts, 'placed'>;

/**
 * Reads what the events of a transaction refer to (events.ts), in it and after its change, before
 * the history chain's head is locked: one query per kind wanted, none when nothing is. Each is an
 * attribute that never changes once written (a pseudonym, a registration instant and queue, a
 * batch's kindergarten and count) or a row this transaction itself wrote (the policy it set, the
 * class of the application it registered), so reading it before the lock reads what it would
 * read under it, and the writers of the country do not wait for these reads.
 */
export async function loadSettledFacts(trx: Trx, wanted: FactsWanted): Promise<SettledFacts> {
  const [applications, batches, policies] = await Promise.all([
    readApplications(trx, [...wanted.applications]),
    readBatches(trx, [...wanted.batches]),
    readPolicies(trx, wanted.regions),
  ]);
  return { applications, batches, policies };
}

/**
 * The kindergartens by turn of the districts of the applications ranking "nearby": another writer
 * may change them, so they are read under the chain's lock, where the log's order is fixed.
 */
export async function loadPlaced(
  trx: Trx,
  wanted: FactsWanted,
  settled: SettledFacts,
): Promise<LogFacts['placed']> {
  const districts = new Set(
    [...wanted.nearbyOf].map((id) => settled.applications.get(id)!.districtId),
  );
  return readPlaced(trx, districts);
}

async function readApplications(trx: Trx, ids: string[]): Promise<Map<string, ApplicationFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('applications')
    .select([
      'id',
      'pseudonym',
      'region_id',
      'district_id',
      'group_year',
      'queue_class',
      'registered_at',
    ])
    // One array parameter: a release's thousands of turns would be as many bound values.
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        pseudonym: r.pseudonym,
        regionId: r.region_id,
        districtId: r.district_id,
        groupYear: r.group_year,
        queueClass: r.queue_class as QueueClass,
        registeredAt: r.registered_at,
      },
    ]),
  );
}

async function readBatches(trx: Trx, ids: string[]): Promise<Map<string, BatchFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .select([
      'b.id',
      'b.district_id',
      'b.kindergarten_id',
      'b.group_year',
      'b.language',
      'b.total',
      'k.type',
    ])
    .where('b.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        districtId: r.district_id,
        kindergartenId: r.kindergarten_id,
        groupYear: r.group_year,
        language: r.language as BatchFacts['language'],
        total: r.total,
        private: r.type === 'private',
      },
    ]),
  );
}

async function readPolicies(trx: Trx, regions: Set<number> | 'all'): Promise<PolicyFacts[]> {
  if (regions !== 'all' && regions.size === 0) return [];
  const rows = await trx
    .selectFrom('region_policies')
    .select(['region_id', 'first_priority_ratio', 'allocation', 'sibling_priority'])
    .$if(regions !== 'all', (q) => q.where('region_id', 'in', [...(regions as Set<number>)]))
    .orderBy('region_id')
    .execute();
  return rows.map((r) => ({
    regionId: r.region_id,
    firstPriorityRatio: [r.first_priority_ratio[0]!, r.first_priority_ratio[1]!],
    allocation: r.allocation as AllocationMode,
    siblingPriority: r.sibling_priority as SiblingPriorityMode,
  }));
}

/** Every fact the events want, read at once (the genesis snapshot, the fault suite's check). */
export async function loadFacts(trx: Trx, wanted: FactsWanted): Promise<LogFacts> {
  const settled = await loadSettledFacts(trx, wanted);
  return { ...settled, placed: await loadPlaced(trx, wanted, settled) };
}

/** The kindergartens giving places by turn in the districts of the applications ranking "nearby". */
async function readPlaced(
  trx: Trx,
  districtIds: Set<number>,
): Promise<Map<number, PlacedKindergarten<number>[]>> {
  const placed = new Map<number, PlacedKindergarten<number>[]>();
  for (const districtId of districtIds)
    placed.set(districtId, (await kindergartensByTurn(trx, { districtId })).placed);
  return placed;
}
