import { sql } from 'kysely';

/** The turns running on batch `b` (a joined row's alias), as SQL. */
export const runningTurns = (b: string) =>
  sql<number>`(select count(*)::int from applications t
    where t.turn_batch_id = ${sql.ref(`${b}.id`)} and t.status = 'turn')`;

/**
 * The free places of batch `b` (a joined row's alias) held for the turns running on it once it is
 * in free choice, as SQL (domain: OfferedBatch.heldForTurns). A batch in its turn phase is its
 * turn-holders' whole: its turns, thousands after a large release, are not counted.
 */
export const heldForTurns = (b: string) =>
  sql<number>`case when ${sql.ref(`${b}.state`)} = 'free_choice' then ${runningTurns(b)} else 0 end`;
