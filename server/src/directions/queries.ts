import type { Db } from '../db/connection.ts';

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
