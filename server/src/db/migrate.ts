import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations in the code, in name order (the files' names without `.sql`). */
async function migrationNames(): Promise<string[]> {
  return (await readdir(migrationsDir))
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => name.replace(/\.sql$/, ''));
}

/** Plain SQL files, the same for PGlite and PostgreSQL, applied in name order. */
class SqlFileMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of await migrationNames()) {
      const text = await readFile(new URL(`${name}.sql`, `file://${migrationsDir}`), 'utf8');
      migrations[name] = {
        up: (db) =>
          sql
            .raw(text)
            .execute(db)
            .then(() => {}),
      };
    }
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

let codeMigrations: Promise<string[]> | null = null;

/**
 * The migrations of the code that the database has not applied (readiness, GET /api/health/ready):
 * none once this version has started on it; a database that a newer version migrated has them all.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  codeMigrations ??= migrationNames();
  const names = await codeMigrations;
  const applied = await sql<{ name: string }>`
    select name from kysely_migration where name = any(${names}::text[])`
    .execute(db)
    .catch((error: unknown) => {
      // No migration table yet: nothing is applied.
      if ((error as { code?: string }).code === '42P01') return { rows: [] };
      throw error;
    });
  const done = new Set(applied.rows.map((row) => row.name));
  return names.filter((name) => !done.has(name));
}
