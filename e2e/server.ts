// The app as e2e tests see it: a fresh database (PGlite directory or PostgreSQL database), the
// test API on, demo data in. Started by Playwright's webServer; cleans up when stopped.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const env: Record<string, string | undefined> = {
  ...process.env,
  KEZEK_TEST_API: '1',
  KEZEK_DEMO: '1',
  LOG_LEVEL: 'warn',
};
let cleanup: () => Promise<void>;

if (process.env.DATABASE_URL) {
  const name = `kezek_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
} else {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kezek-e2e-'));
  env.KEZEK_DATA_DIR = dataDir;
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = (signal: NodeJS.Signals) => server.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', async (code) => {
  await cleanup();
  process.exit(code ?? 0);
});
