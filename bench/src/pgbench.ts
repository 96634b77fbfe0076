import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `pgbench -S` (select-only, primary-key lookups) against the same PostgreSQL server, in a scratch
 * database of its own: the database's own ceiling on this machine. Null when pgbench is missing.
 */
export async function pgbenchSelectTps(serverUrl: string, seconds: number): Promise<number | null> {
  const admin = new URL(serverUrl);
  const name = `kezek_pgbench_${Date.now()}`;
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const psql = (command: string) => run('psql', [admin.toString(), '-qc', command]);
  try {
    await psql(`create database ${name}`);
  } catch (error) {
    throw new Error(`cannot create the pgbench database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await run('pgbench', ['-i', '-q', '-s', '10', target.toString()]);
    const { stdout } = await run('pgbench', [
      '-S',
      '-n',
      '-c',
      '10',
      '-j',
      '2',
      '-T',
      String(seconds),
      target.toString(),
    ]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    return tps ? Number(tps[1]) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  } finally {
    await psql(`drop database if exists ${name} with (force)`);
  }
}
