import type { Trx } from '../db/connection.ts';
import { Pseudonyms } from '../pseudonym.ts';
import { fillPseudonyms } from '../transparency/start.ts';

/** The key of a database no start has prepared (a 'migrated' test database). */
const UNPREPARED_KEY = 'test-pseudonym-key-of-an-unprepared-database';

/**
 * Gives applications written straight into the table their pseudonyms, with the key the test's
 * server uses (the one kept in the database), as registration does: the transparency log's
 * leaves about them carry it (migration 0039).
 */
export async function giveTestPseudonyms(trx: Trx): Promise<void> {
  const stored = await trx
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'pseudonym_key')
    .executeTakeFirst();
  await fillPseudonyms(trx, new Pseudonyms(stored?.value ?? UNPREPARED_KEY));
}
