import { sql } from 'kysely';

/** "Last First Middle" of a persons row joined as `alias`, as every paper and message writes it. */
export const fullNameOf = (alias: string) =>
  sql<string>`concat_ws(' ', ${sql.ref(`${alias}.last_name`)}, ${sql.ref(`${alias}.first_name`)}, ${sql.ref(`${alias}.middle_name`)})`;
