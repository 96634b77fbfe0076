import { sql } from 'kysely';

/**
 * The free places of batch `b` (a joined row's alias) held for the turns running on it once it is
 * in free choice, as SQL (domain: OfferedBatch.heldForTurns). A batch in its turn phase is its
 * turn-holders' whole: its turns, thousands after a large release, are not counted.
 */
export const heldForTurns = (b: string) =>
  sql<number>`case when ${sql.ref(`${b}.state`)} = 'free_choice'
    then (select count(*)::int from applications t
           where t.turn_batch_id = ${sql.ref(`${b}.id`)} and t.status = 'turn')
    else 0 end`;
