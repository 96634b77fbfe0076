// `npm run check:invariants [-- <PGlite data directory>]`: checks the queue's invariants on the
// database of DATABASE_URL, else on the PGlite directory given or KEZEK_DATA_DIR. Exit 1 on a violation.
import { readConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { checkInvariants } from './invariants.ts';

try {
  const config = readConfig(process.env);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL }
      : { kind: 'pglite', dataDir: process.argv[2] ?? config.KEZEK_DATA_DIR },
  );
  try {
    const violations = await checkInvariants(database.db);
    for (const { invariant, subject } of violations)
      console.log(`violation: ${invariant} ${subject}`);
    console.log(
      violations.length === 0
        ? `invariants hold (${database.kind})`
        : `${violations.length} violation(s) (${database.kind})`,
    );
    process.exitCode = violations.length === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`invariant check failed: ${(error as Error).message}`);
  process.exit(2);
}
