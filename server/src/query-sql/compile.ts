import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { format } from 'sql-formatter';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

/** The arguments after the database of every exported function of `M` that takes one first. */
export type QueryExamples<M> = {
  [K in keyof M as M[K] extends (db: Db, ...args: never[]) => unknown ? K : never]: M[K] extends (
    db: Db,
    ...args: infer Args
  ) => unknown
    ? Args
    : never;
};

/** One query function with the arguments it is shown with. */
export interface QueryExample {
  name: string;
  run(db: Db): unknown;
}

/**
 * The examples of one queries.ts. The type asks for every function that takes the database, so
 * a new query without an example does not compile.
 */
export function examplesOf<M>(module: M, examples: QueryExamples<M>): QueryExample[] {
  return Object.entries(examples as Record<string, unknown[]>).map(([name, args]) => ({
    name,
    run: (db) => (module[name as keyof M] as (db: Db, ...args: unknown[]) => unknown)(db, ...args),
  }));
}

function isCompilable(value: unknown): value is { compile(): CompiledQuery } {
  return typeof (value as { compile?: unknown } | null)?.compile === 'function';
}

/**
 * The SQL a query function sends, in order: it runs against a database that answers every
 * statement with no rows (Kysely's DummyDriver), so nothing is read or written; a function that
 * stops at a missing row has sent what it sends first. A function that returns a query builder
 * (a join others extend) is compiled as it is.
 */
export async function sqlOf(example: QueryExample): Promise<string[]> {
  const sent: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') sent.push(event.query);
    },
  });
  let result: unknown;
  try {
    result = await example.run(db);
  } catch {
    // A row the dummy database cannot give: the statements sent so far are the query's.
  }
  if (isCompilable(result)) sent.push(result.compile());
  return sent.map(({ sql }) => format(sql, { language: 'postgresql', keywordCase: 'lower' }));
}

/** The text of a capability's queries.sql: each function's statements under its name. */
export async function queriesSql(source: string, examples: QueryExample[]): Promise<string> {
  const sections = await Promise.all(
    examples.map(async (example) => {
      const statements = await sqlOf(example);
      return [`-- ${example.name}`, ...statements.map((text) => `${text};`)].join('\n');
    }),
  );
  return [
    `-- The SQL that ${source} sends, made by \`npm run sql:generate\`: do not edit.`,
    '-- A test fails when this file and the queries differ.',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}
