// The e2e server signs a head over its whole log on request (the transparency log's spec and the
// suite's global teardown, verify-log.ts).

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
    await post(`${baseUrl}/api/test/log-head`);
  }
  throw new Error(`${baseUrl} did not sign a head over its whole log after five tries.`);
}
