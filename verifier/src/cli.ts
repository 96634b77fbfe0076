#!/usr/bin/env tsx
import { randomInt } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CouldNotCheck } from './log/client.ts';
import { formatReport } from './report.ts';
import { verifyLog } from './verify.ts';

export const EXIT = { ok: 0, violation: 1, couldNotCheck: 2 } as const;

const USAGE = `Usage: npm run verify -- --url <server> [options]

  --url <server>             the kezek server's base URL (required)
  --key-fingerprint <hex>    the SHA-256 fingerprint the operator published, to pin the key
  --state <file>             the heads seen before (default ./.kezek-verify/<logId>.json)
  --all-proofs               check the inclusion proof of every leaf, not a sample
  --sample <n>               random leaves whose proof is checked besides the first and last (8)
  --skip-signature           do not check the head's signature (for eds-cms heads)
  --json                     print the result as JSON

Exit codes: 0 OK, 1 a violation, 2 could not check (network, bad arguments).`;

/** Runs the verifier with command-line arguments; returns the exit code (docs/verifier.md). */
export async function main(argv: string[], print: (text: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        'key-fingerprint': { type: 'string' },
        state: { type: 'string' },
        'all-proofs': { type: 'boolean', default: false },
        sample: { type: 'string', default: '8' },
        'skip-signature': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.couldNotCheck;
  }
  const sample = Number(args.sample);
  if (
    args.help ||
    !args.url ||
    !URL.canParse(args.url) ||
    !Number.isInteger(sample) ||
    sample < 0
  ) {
    print(USAGE);
    return args.help ? EXIT.ok : EXIT.couldNotCheck;
  }
  try {
    const result = await verifyLog({
      url: args.url,
      keyFingerprint: args['key-fingerprint'],
      statePath: args.state,
      allProofs: args['all-proofs'],
      sample,
      skipSignature: args['skip-signature'],
      randomInt: (n) => randomInt(n),
    });
    print(args.json ? JSON.stringify(result, null, 2) : formatReport(result));
    return result.ok ? EXIT.ok : EXIT.violation;
  } catch (error) {
    // Whatever stopped the run, nothing was proved wrong: "could not check", never "violation".
    const message =
      error instanceof CouldNotCheck ? error.message : `unexpected: ${(error as Error).message}`;
    print(
      args.json ? JSON.stringify({ ok: false, error: message }) : `could not check: ${message}`,
    );
    return EXIT.couldNotCheck;
  }
}

// Run as a program (npm run verify, the package's bin), not when a test imports main.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), (text) => console.log(text));
}
