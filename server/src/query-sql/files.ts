import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { queriesSql } from './compile.ts';
import { QUERY_EXAMPLES } from './examples.ts';

export const SERVER_SOURCE = path.resolve(import.meta.dirname, '..');

/** Every queries.ts under server/src, as paths relative to it. */
export async function queryFiles(): Promise<string[]> {
  const entries = await readdir(SERVER_SOURCE, { recursive: true });
  return entries
    .filter((entry) => path.basename(entry) === 'queries.ts')
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/**
 * The queries.sql beside each queries.ts, as they should read. A queries.ts without examples
 * is an error: its SQL would go unseen.
 */
export async function generatedSqlFiles(): Promise<Map<string, string>> {
  const files = await queryFiles();
  const missing = files.filter((file) => !(file in QUERY_EXAMPLES));
  if (missing.length)
    throw new Error(`no examples for ${missing.join(', ')} in query-sql/examples.ts`);
  const generated = new Map<string, string>();
  for (const file of files) {
    const sqlFile = file.replace(/\.ts$/, '.sql');
    generated.set(sqlFile, await queriesSql(`server/src/${file}`, QUERY_EXAMPLES[file] ?? []));
  }
  return generated;
}
