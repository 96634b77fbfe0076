import path from 'node:path';
import { main } from '../cli.ts';

/**
 * One run of the command line against `url` with its state file in `stateDir` (the heads seen
 * before: a later run in the same directory checks consistency with them, docs/verifier.md):
 * its exit code and what it printed. For tests, and for CI's runs against the e2e server and the
 * server restarted after a crash.
 */
export async function runVerifier(
  url: string,
  stateDir: string,
  ...extra: string[]
): Promise<{ code: number; output: string }> {
  const printed: string[] = [];
  const args = ['--url', url, '--state', path.join(stateDir, 'state.json'), ...extra];
  const code = await main(args, (text) => printed.push(text));
  return { code, output: printed.join('\n') };
}
