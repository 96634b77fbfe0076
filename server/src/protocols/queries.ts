import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/**
 * The public protocols' reads (docs/rules.md, "Public protocols"): a district's place batches and
 * directions in a period, oldest first, `limit` rows or (for the CSV) all of them. Only what the
 * public may see is selected: no child, parent, address, category, document or reason.
 */
export interface ProtocolPeriod {
  districtId: number;
  from: Date;
  to: Date;
  /** At most this many rows; undefined: every row of the period. */
  limit?: number | undefined;
}

/** A batch's columns in both of its lists: which places, where. */
const BATCH_COLUMNS = [
  'b.id as batch_id',
  'k.id as kindergarten_id',
  'k.name_kk',
  'k.name_ru',
  'b.group_year',
  'b.language',
] as const;

/**
 * Places added to the district's base in the period (`returned` when a transfer gave the place
 * back: its batch was made for it, docs/rules.md "Transfers"), and each place given back into a
 * batch and offered again (a `places.returned` history row, counted one place each).
 */
export function protocolBatches(db: Db, period: ProtocolPeriod) {
  const batches = db
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .where('b.district_id', '=', period.districtId);
  const added = batches
    .select([
      ...BATCH_COLUMNS,
      'b.total as count',
      'b.created_at as at',
      sql<boolean>`exists(select 1 from transfer_requests r where r.returned_batch_id = b.id)`.as(
        'returned',
      ),
    ])
    .where('b.created_at', '>=', period.from)
    .where('b.created_at', '<=', period.to);
  const givenBack = batches
    .innerJoin('history as h', (join) =>
      join.on('h.subject_type', '=', 'place_batch').on(sql<boolean>`h.subject_id = b.id::text`),
    )
    .select([
      ...BATCH_COLUMNS,
      sql<number>`1`.as('count'),
      'h.at',
      sql<boolean>`true`.as('returned'),
    ])
    .where('h.event', '=', 'places.returned')
    .where('h.at', '>=', period.from)
    .where('h.at', '<=', period.to);
  return added
    .unionAll(givenBack)
    .orderBy('at')
    .orderBy('batch_id')
    .$if(period.limit !== undefined, (q) => q.limit(period.limit! + 1))
    .execute();
}

/**
 * The directions issued in the period for the district's places, each with the history row that
 * issued it: its event and recorded mode tell a turn from free choice and a private kindergarten
 * (directions/choose.ts). A transfer's direction (transfers/grant.ts) moves an enrolled child and
 * is no queue's: it is not listed, and the place it leaves comes back as a returned batch.
 */
export function protocolDirections(db: Db, period: ProtocolPeriod) {
  return db
    .selectFrom('place_batches as b')
    .innerJoin('directions as d', 'd.place_batch_id', 'b.id')
    .innerJoin('kindergartens as k', 'k.id', 'd.kindergarten_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('history as h')
          .select(['h.event', sql<string | null>`h.after ->> 'mode'`.as('mode')])
          .where('h.subject_type', '=', 'application')
          .where(sql<boolean>`h.subject_id = d.application_id::text`)
          .where('h.event', 'in', [
            'application.direction_issued',
            'application.private_direction_issued',
          ])
          .where(sql<boolean>`h.after ->> 'direction' = d.number`)
          .limit(1)
          .as('issued'),
      (join) => join.onTrue(),
    )
    .select([
      'd.id',
      'd.application_id',
      'k.id as kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'd.group_year',
      'd.issued_at as at',
      'issued.event',
      'issued.mode',
    ])
    .where('b.district_id', '=', period.districtId)
    .where('d.issued_at', '>=', period.from)
    .where('d.issued_at', '<=', period.to)
    .orderBy('d.issued_at')
    .orderBy('d.id')
    .$if(period.limit !== undefined, (q) => q.limit(period.limit! + 1))
    .execute();
}
