import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/harness.ts';
import type { OpenDatabase } from './connection.ts';
import { declaredSchema } from './schema-types.ts';

/** How node-postgres hands each column type to the code (connection.ts keeps dates as text). */
const KIND_OF_DATA_TYPE: Record<string, string> = {
  text: 'string',
  'character varying': 'string',
  character: 'string',
  uuid: 'string',
  bigint: 'string',
  numeric: 'string',
  date: 'string',
  integer: 'number',
  smallint: 'number',
  'double precision': 'number',
  real: 'number',
  boolean: 'boolean',
  'timestamp with time zone': 'Date',
  ARRAY: 'array',
  bytea: 'bytes',
  jsonb: 'json',
  json: 'json',
};

let database: OpenDatabase;
beforeAll(async () => {
  database = await openTestDatabase('migrated');
});
afterAll(() => database.close());

describe('the table types of schema.ts', () => {
  it('are the tables and columns the migrations make, with their nullability and kind', async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: 'YES' | 'NO';
    }>`select table_name, column_name, data_type, is_nullable from information_schema.columns
        where table_schema = 'public' and table_name not like 'kysely_%'
        order by table_name, column_name`.execute(database.db);
    const migrated = new Map<string, Map<string, { kind: string; nullable: boolean }>>();
    for (const row of rows) {
      if (!migrated.has(row.table_name)) migrated.set(row.table_name, new Map());
      migrated.get(row.table_name)!.set(row.column_name, {
        kind: KIND_OF_DATA_TYPE[row.data_type] ?? row.data_type,
        nullable: row.is_nullable === 'YES',
      });
    }
    const sorted = (tables: typeof migrated) =>
      Object.fromEntries(
        [...tables]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([table, columns]) => [
            table,
            Object.fromEntries([...columns].sort(([a], [b]) => a.localeCompare(b))),
          ]),
      );
    expect(sorted(declaredSchema())).toEqual(sorted(migrated));
  });
});
