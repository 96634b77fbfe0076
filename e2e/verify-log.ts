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

const MINUTE = 60_000;

async function call(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status >= 500)
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response;
}

const post = (url: string, body: unknown = {}) =>
  call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * Makes the e2e server sign a head over its whole log. The head job signs at most once a minute
 * of the server's clock (docs/transparency.md, "Tree heads"), which the specs move — the head
 * signed at the start by the wall clock may lie ahead of it — so the clock is put a minute past
 * the newest head before the test API runs the job. Polls until no leaf lies past the head (a
 * deadline job may append one meanwhile); never a sleep.
 */
async function signFreshHead(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const head = await call(`${baseUrl}/api/public/log/head`);
    if (head.ok) {
      const { treeSize, timestamp } = (await head.json()) as {
        treeSize: number;
        timestamp: string;
      };
      const next = await call(
        `${baseUrl}/api/public/log/entries?start=${treeSize}&end=${treeSize}`,
      );
      // No leaf at index treeSize (422 log_range): the head is over the whole log.
      if (next.status === 422) return;
      const clock = await post(`${baseUrl}/api/test/clock`, { advance: 'PT0S' });
      const now = Date.parse(((await clock.json()) as { now: string }).now);
      const due = new Date(Math.max(now, Date.parse(timestamp) + MINUTE));
      await post(`${baseUrl}/api/test/clock`, { now: due.toISOString() });
    }
    await post(`${baseUrl}/api/test/log-head`);
  }
  throw new Error(`${baseUrl} did not sign a head over its whole log after five tries.`);
}

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
