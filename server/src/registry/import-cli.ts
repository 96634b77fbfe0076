// `npm run registry:import -- persons.csv`: loads people into the local person registry.
import { readFile } from 'node:fs/promises';
import { readConfig } from '../config.ts';
import { configuredDatabase, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { parsePersonsCsv } from './csv.ts';
import { upsertPersons } from './sql.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run registry:import -- <persons.csv>');
  process.exit(2);
}

try {
  const persons = parsePersonsCsv(await readFile(file, 'utf8'));
  const config = readConfig(process.env);
  const database = await openDatabase(configuredDatabase(config));
  try {
    await migrateToLatest(database.db);
    await database.db.transaction().execute((trx) => upsertPersons(trx, persons));
    console.log(`imported ${persons.length} people into the registry (${database.kind})`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`registry import failed: ${(error as Error).message}`);
  process.exit(1);
}
