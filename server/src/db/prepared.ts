import type { Compilable, CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Db } from './connection.ts';

/** The SQL of every prepared query, and the name its statement has on each connection. */
const statementNames = new Map<string, string>();

const plainQuery = pg.Client.prototype.query;

/**
 * The pool's client. A query whose SQL is a prepared query's (preparedQuery) is sent as a named
 * statement: PostgreSQL parses and plans it once per connection and keeps the plan, where an
 * unnamed one is parsed and planned on every call (for the journal's joins that took longer than
 * executing them). Every other query goes as before.
 */
export class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.query = ((text: unknown, values?: unknown, callback?: unknown) => {
      const name = typeof text === 'string' ? statementNames.get(text) : undefined;
      if (name === undefined) return Reflect.apply(plainQuery, this, [text, values, callback]);
      return Reflect.apply(plainQuery, this, [{ name, text, values }, callback]);
    }) as pg.Client['query'];
  }
}

/** Where a prepared query takes the value of one of its arguments. */
class Slot {
  readonly index: number;

  constructor(index: number) {
    this.index = index;
  }
}

/**
 * A query compiled once (Kysely builds and compiles nothing per call) and prepared on each
 * connection. `build` is called once, with placeholders for the arguments; each call runs the
 * compiled SQL with the arguments in their places. Constants belong in the SQL as literals
 * (sql.lit): PostgreSQL then keeps one generic plan instead of planning each call anew.
 */
export function preparedQuery<Args extends unknown[], Row>(
  name: string,
  build: (db: Db, ...args: Args) => Compilable<Row>,
): (db: Db, ...args: Args) => Promise<Row[]> {
  let compiled: CompiledQuery<Row> | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      compiled = build(db, ...(args.map((_, index) => new Slot(index)) as Args)).compile();
      const known = [...statementNames].find(([, known]) => known === name);
      if (known && known[0] !== compiled.sql) throw new Error(`two prepared queries named ${name}`);
      statementNames.set(compiled.sql, name);
    }
    const parameters = compiled.parameters.map((value) =>
      value instanceof Slot ? args[value.index] : value,
    );
    return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}
