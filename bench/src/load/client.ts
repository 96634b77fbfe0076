// The load generator, forked by the bench: it runs in its own process so that the server's event
// loop does not also carry the clients'. Receives a LoadTask, answers with its result.
import autocannon from 'autocannon';
import { BenchSigner, importSigningKey } from './cms.ts';
import { Visitor, loopbackAddress, type Reply } from './http.ts';
import type { FloodResult, LoadTask, ThroughputResult, TimedResult } from './tasks.ts';

function tally(replies: (Reply | Error)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reply of replies) {
    const key =
      reply instanceof Error
        ? `error ${reply.message}`
        : reply.status < 400
          ? String(reply.status)
          : `${reply.status} ${(reply.body as { code?: string } | null)?.code ?? ''}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function timed(replies: (Reply | Error)[], wallMs: number): TimedResult {
  const times = replies
    .filter((reply): reply is Reply => !(reply instanceof Error))
    .map((reply) => reply.ms)
    .sort((a, b) => a - b);
  return { wallMs, times, byStatus: tally(replies) };
}

/** Runs `work` over the items with at most `limit` in flight (0: all at once). */
async function pooled<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: limit || items.length }, lane));
  return results;
}

async function throughput(
  task: Extract<LoadTask, { kind: 'throughput' }>,
): Promise<ThroughputResult> {
  let turn = 0;
  const result = await autocannon({
    url: task.baseUrl,
    connections: task.connections,
    duration: task.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const i = turn++;
          request.path = task.paths[i % task.paths.length]!;
          const cookie = task.cookies[i % task.cookies.length];
          if (cookie) request.headers = { ...request.headers, cookie };
          return request;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function latency(task: Extract<LoadTask, { kind: 'latency' }>): Promise<TimedResult> {
  const visitor = new Visitor('127.0.0.1');
  const started = performance.now();
  const replies: Reply[] = [];
  for (const { path, cookie } of task.requests) {
    visitor.cookie = cookie;
    replies.push(await visitor.request(task.baseUrl, 'GET', path));
  }
  visitor.close();
  return timed(replies, performance.now() - started);
}

/** Everyone opens the page and signs first (as parents do before pressing the button), then sends. */
async function signed(task: Extract<LoadTask, { kind: 'signed' }>): Promise<TimedResult> {
  const key = await importSigningKey(task.keyPem);
  const visitors = task.items.map(
    (item, i) => new Visitor(task.address ?? loopbackAddress(i), item.cookie),
  );
  const bodies = await pooled(task.items, 64, async (item, i) => {
    const visitor = visitors[i]!;
    const me = await visitor.request(task.baseUrl, 'GET', '/api/me');
    visitor.csrfToken = (me.body as { csrfToken: string }).csrfToken;
    const answer = await visitor.request(task.baseUrl, 'GET', '/api/nonce');
    // A parent refused a nonce never gets to press the button: the refusal is their answer.
    if (answer.status !== 200) return { refused: answer };
    const { nonce } = answer.body as { nonce: string };
    const signer = await BenchSigner.create(item.certificatePem, task.chainPem, key);
    const content = JSON.stringify({ action: item.action, nonce, ...item.fields });
    return { cms: await signer.sign(new TextEncoder().encode(content)) };
  });
  const started = performance.now();
  const replies = await pooled(task.items, task.concurrency, async (item, i) => {
    const { refused, cms } = bodies[i]!;
    if (refused) return refused;
    return visitors[i]!.request(task.baseUrl, 'POST', item.path, { cms }).catch(
      (error: Error) => error,
    );
  });
  const result = timed(replies, performance.now() - started);
  for (const visitor of visitors) visitor.close();
  return result;
}

/** The same number of requests as a rush, to the bare endpoint, each visitor connected first. */
async function burst(task: Extract<LoadTask, { kind: 'burst' }>): Promise<TimedResult> {
  const visitors = task.paths.map((_, i) => new Visitor(loopbackAddress(i)));
  await pooled(task.paths, 64, (path, i) => visitors[i]!.request(task.baseUrl, 'GET', path));
  const started = performance.now();
  const replies = await pooled(task.paths, 0, (path, i) =>
    visitors[i]!.request(task.baseUrl, 'GET', path).catch((error: Error) => error),
  );
  const result = timed(replies, performance.now() - started);
  for (const visitor of visitors) visitor.close();
  return result;
}

let flooding = false;

/** One account's sessions sending the same body as fast as answers come, until stopFlood. */
async function flood(task: Extract<LoadTask, { kind: 'flood' }>): Promise<FloodResult> {
  flooding = true;
  const replies: (Reply | Error)[] = [];
  const streams = task.cookies.map(async (cookie) => {
    const visitor = new Visitor('127.0.0.66', cookie);
    const me = await visitor.request(task.baseUrl, 'GET', '/api/me');
    visitor.csrfToken = (me.body as { csrfToken: string }).csrfToken;
    while (flooding) {
      replies.push(
        await visitor
          .request(task.baseUrl, 'POST', task.path, task.body)
          .catch((error: Error) => error),
      );
    }
    visitor.close();
  });
  await Promise.all(streams);
  return { requests: replies.length, byStatus: tally(replies) };
}

async function release(task: Extract<LoadTask, { kind: 'release' }>): Promise<TimedResult> {
  const staff = new Visitor('127.0.0.2', task.cookie, task.concurrency);
  staff.csrfToken = (
    (await staff.request(task.baseUrl, 'GET', '/api/me')).body as {
      csrfToken: string;
    }
  ).csrfToken;
  const started = performance.now();
  const replies = await pooled(task.batches, task.concurrency, (batch) =>
    staff.request(task.baseUrl, 'POST', '/api/places', batch).catch((error: Error) => error),
  );
  const result = timed(replies, performance.now() - started);
  result.turns = replies.reduce(
    (sum, reply) =>
      sum +
      (reply instanceof Error ? 0 : ((reply.body as { turnsGiven?: number }).turnsGiven ?? 0)),
    0,
  );
  staff.close();
  return result;
}

const run = (task: LoadTask): Promise<unknown> => {
  switch (task.kind) {
    case 'throughput':
      return throughput(task);
    case 'latency':
      return latency(task);
    case 'signed':
      return signed(task);
    case 'release':
      return release(task);
    case 'burst':
      return burst(task);
    case 'flood':
      return flood(task);
    case 'stopFlood':
      flooding = false;
      return Promise.resolve(null);
  }
};

process.on('message', (message: { id: number; task: LoadTask }) => {
  run(message.task).then(
    (result) => process.send!({ id: message.id, result }),
    (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
  );
});
