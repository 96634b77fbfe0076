import type { Direction } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import { DIRECTION_COLUMNS, directionRulesOf, toDirection } from './view.ts';

/**
 * A direction with its application, its kindergarten and the child's registry row: the join
 * every view, action and sweep of directions starts from (aliases `d`, `a`, `k`, `child`).
 */
export function directionsWithChild(db: Db) {
  return db
    .selectFrom('directions as d')
    .innerJoin('applications as a', 'a.id', 'd.application_id')
    .innerJoin('kindergartens as k', 'k.id', 'd.kindergarten_id')
    .innerJoin('persons as child', 'child.iin', 'a.child_iin');
}

/** A direction as its applicant sees it, with its region's rules for the buttons. */
export async function loadDirection(db: Db, id: string, now: Date): Promise<Direction> {
  const row = await db
    .selectFrom('directions as d')
    .innerJoin('kindergartens as k', 'k.id', 'd.kindergarten_id')
    .innerJoin('applications as a', 'a.id', 'd.application_id')
    .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
    .select(DIRECTION_COLUMNS)
    .where('d.id', '=', id)
    .executeTakeFirstOrThrow();
  return toDirection(row, directionRulesOf(row), now);
}

/** A direction by its printed number, with what the public check shows (the code is checked by the caller). */
export function directionByNumber(db: Db, number: string) {
  return db
    .selectFrom('directions as d')
    .innerJoin('kindergartens as k', 'k.id', 'd.kindergarten_id')
    .select([
      'd.number',
      'd.verify_code',
      'd.status',
      'd.group_year',
      'd.issued_at',
      'd.expires_at',
      'd.extended_until',
      'k.name_kk',
      'k.name_ru',
    ])
    .where('d.number', '=', number)
    .executeTakeFirst();
}
