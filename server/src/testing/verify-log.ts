import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runVerifier } from '@kezek/verifier/testing';

const MINUTE = 60_000;

async function call(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status >= 500)
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response;
}

const post = (url: string, body?: unknown) =>
  call(url, {
    method: 'POST',
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });

/**
 * Makes a server with the test API sign a head over its whole log. The head job signs at most
 * once a minute of the server's clock (docs/transparency.md, "Tree heads"), and the tests move
 * that clock — a head signed at the start by the wall clock may lie ahead of it — so the clock is
 * put a minute past the newest head before each tick. Polls, tick by tick, until no leaf lies past
 * the head (the jobs a tick runs may append some); never a sleep. The clock stays where it went.
 */
export async function signFreshHead(baseUrl: string): Promise<void> {
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
    await post(`${baseUrl}/api/test/tick`);
  }
  throw new Error(`${baseUrl} did not sign a head over its whole log after five ticks.`);
}

/**
 * The verifier (docs/verifier.md) against a running server with the test API, after a fresh head:
 * its exit code and report. The heads it saw are kept in `stateDir` when given (a later run checks
 * consistency with them), else in a directory of its own, removed after.
 */
export async function verifyServerLog(
  baseUrl: string,
  stateDir?: string,
): Promise<{ code: number; output: string }> {
  await signFreshHead(baseUrl);
  const dir = stateDir ?? (await mkdtemp(path.join(tmpdir(), 'kezek-verify-')));
  try {
    return await runVerifier(baseUrl, dir);
  } finally {
    if (!stateDir) await rm(dir, { recursive: true, force: true });
  }
}
