import type { DirectionMode, Protocol, ProtocolBatch, ProtocolDirection } from '@kezek/contracts';
import { PROTOCOL_LIST_MAX, PROTOCOL_MAX_DAYS } from '@kezek/contracts';
import { endOfLocalDay, startOfLocalDay, toDayNumber } from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { unprocessable } from '../problem.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { protocolBatches, protocolDirections, type ProtocolPeriod } from './queries.ts';

export interface ProtocolQuery {
  districtId: number;
  from: string;
  to: string;
}

/**
 * The instants of a period of Almaty calendar days, both included. A period that ends before it
 * starts, or is longer than PROTOCOL_MAX_DAYS, is refused: a protocol is read a year at most at
 * a time, so that its reads stay bounded (docs/rules.md, "Public protocols").
 */
export function protocolPeriod(query: ProtocolQuery, limit?: number): ProtocolPeriod {
  const days = toDayNumber(query.to) - toDayNumber(query.from) + 1;
  if (days < 1 || days > PROTOCOL_MAX_DAYS)
    throw unprocessable(
      'protocol_period',
      `The period must start on or before its end and last at most ${PROTOCOL_MAX_DAYS} days`,
    );
  return {
    districtId: query.districtId,
    from: startOfLocalDay(query.from),
    to: endOfLocalDay(query.to),
    limit,
  };
}

type BatchRow = Awaited<ReturnType<typeof protocolBatches>>[number];
type DirectionRow = Awaited<ReturnType<typeof protocolDirections>>[number];

const kindergartenOf = (row: { kindergarten_id: number; name_kk: string; name_ru: string }) => ({
  id: row.kindergarten_id,
  name: { kk: row.name_kk, ru: row.name_ru },
});

export const toProtocolBatch = (row: BatchRow): ProtocolBatch => ({
  kindergarten: kindergartenOf(row),
  groupYear: row.group_year,
  language: row.language as ProtocolBatch['language'],
  count: Number(row.count),
  at: row.at.toISOString(),
  returned: row.returned,
});

/** The mode of a direction, from the history row that issued it (directions/choose.ts). */
function modeOf(row: DirectionRow): DirectionMode {
  if (row.event === 'application.private_direction_issued') return 'private';
  return row.mode === 'free_choice' ? 'free_choice' : 'turn';
}

export const toProtocolDirection =
  (pseudonyms: Pseudonyms) =>
  (row: DirectionRow): ProtocolDirection => ({
    pseudonym: pseudonyms.of(row.application_id),
    kindergarten: kindergartenOf(row),
    groupYear: row.group_year,
    mode: modeOf(row),
    at: row.at.toISOString(),
  });

/** A district's protocol of a period: each list its first PROTOCOL_LIST_MAX rows. */
export async function protocol(
  db: Db,
  pseudonyms: Pseudonyms,
  query: ProtocolQuery,
): Promise<Protocol> {
  const period = protocolPeriod(query, PROTOCOL_LIST_MAX);
  const [batches, directions] = await Promise.all([
    protocolBatches(db, period),
    protocolDirections(db, period),
  ]);
  return {
    batches: batches.slice(0, PROTOCOL_LIST_MAX).map(toProtocolBatch),
    directions: directions.slice(0, PROTOCOL_LIST_MAX).map(toProtocolDirection(pseudonyms)),
    batchesTruncated: batches.length > PROTOCOL_LIST_MAX,
    directionsTruncated: directions.length > PROTOCOL_LIST_MAX,
  };
}
