import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from './connection.ts';
import { preparedQuery } from './prepared.ts';
import { openTestDatabase } from '../testing/harness.ts';

let database: OpenDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const sumOf = preparedQuery('test.sum', (db, a: number, b: number) =>
  db.selectNoFrom(sql<number>`${a}::int + ${b}::int + ${sql.lit(100)}`.as('sum')),
);

describe('prepared queries', () => {
  it('run by name on their connection, each call with its own arguments', async () => {
    await database.db.connection().execute(async (connection) => {
      expect(await sumOf(connection, 1, 2)).toEqual([{ sum: 103 }]);
      expect(await sumOf(connection, 20, 3)).toEqual([{ sum: 123 }]);
      await sql`select 1`.execute(connection);
      const statements = await sql<{ name: string; parameter_types: string }>`
        select name, parameter_types::text from pg_prepared_statements`.execute(connection);
      expect(statements.rows).toEqual([{ name: 'test.sum', parameter_types: '{integer,integer}' }]);
    });
  });

  it('refuse a second query of the same name', async () => {
    const [first, second] = [1, 2].map((n) =>
      preparedQuery('test.twice', (db) => db.selectNoFrom(sql.lit(n).as('n'))),
    );
    expect(await first!(database.db)).toEqual([{ n: 1 }]);
    await expect(second!(database.db)).rejects.toThrow('two prepared queries named test.twice');
  });
});
