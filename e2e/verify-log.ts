// Playwright's global teardown: after the e2e suite, while the e2e server still answers
// (Playwright stops its webServer after the teardown), the verifier checks the transparency log
// every spec's real commands wrote (issue 18, "Tests": "CI runs the verifier against the e2e server
// after the e2e suite"; docs/verifier.md). Any violation fails the run with the verifier's report.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { EXIT } from '@kezek/verifier';
import { runVerifier } from '@kezek/verifier/testing';
import { signFreshHead } from './log-head.ts';

export default async function verifyTransparencyLog(config: FullConfig): Promise<void> {
  const baseUrl = String(config.projects[0]!.use.baseURL);
  await signFreshHead(baseUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'kezek-e2e-verify-'));
  try {
    const { code, output } = await runVerifier(baseUrl, dir);
    console.log(`The verifier against the e2e server:\n${output}`);
    if (code !== EXIT.ok)
      throw new Error(`The verifier found the e2e server's log wrong:\n${output}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
