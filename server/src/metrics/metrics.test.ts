import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { sql } from 'kysely';
import { deliverDue } from '../notify/deliver.ts';
import type { Transport } from '../notify/transports.ts';
import { renumberQueues } from '../jobs/queue-numbers.ts';
import { startTestApp, TestClient } from '../testing/harness.ts';
import {
  issueDirection,
  startWorkspaceWorld,
  waitingChild,
  type WorkspaceWorld,
} from '../testing/workspace.ts';

/** GET /metrics read as Prometheus reads it: every family parsed by a text-format parser. */
async function scrape(client: TestClient, headers: Record<string, string> = {}) {
  const response = await client.request({ method: 'GET', url: '/metrics', headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(response.body);
  return { text: response.body, families, family: (name: string) => familyOf(families, name) };
}

function familyOf(families: PrometheusFamily[], name: string): PrometheusFamily {
  const found = families.find((family) => family.name === name);
  expect(found, `the series ${name}`).toBeDefined();
  return found!;
}

/** The samples of a counter or gauge as `label=value,…` → number. */
function samples(family: PrometheusFamily): Record<string, number> {
  return Object.fromEntries(
    family.metrics.map((sample) => [
      Object.entries(sample.labels ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(','),
      Number(sample.value),
    ]),
  );
}

const failing: Transport = {
  name: 'down',
  send: () => Promise.reject(new Error('connection refused')),
};

describe('GET /metrics', () => {
  let w: WorkspaceWorld;
  let client: TestClient;

  beforeAll(async () => {
    w = await startWorkspaceWorld({ KEZEK_METRICS: 'public' });
    client = new TestClient(w.t.app);
  });
  afterAll(() => w.t.close());

  it('counts requests and their latency by route pattern, never by URL', async () => {
    for (const file of ['kk.pdf', 'ru.pdf']) {
      expect((await client.get(`/api/public/instructions/${file}`)).statusCode).toBe(200);
    }
    expect((await client.get('/api/no/such/route')).statusCode).toBe(404);
    const { text, family } = await scrape(client);
    const requests = samples(family('kezek_http_requests_total'));
    expect(requests).toMatchObject({
      'method=GET,route=/api/public/instructions/:file,status=200': 2,
      'method=GET,route=unmatched,status=404': 1,
    });
    expect(Object.keys(requests).some((key) => key.includes('kk.pdf'))).toBe(false);
    expect(family('kezek_http_request_duration_seconds').type).toBe('HISTOGRAM');
    // The parser folds a histogram's labelled series into one: the counts are read from the text.
    expect(text).toContain(
      'kezek_http_request_duration_seconds_count{method="GET",route="/api/public/instructions/:file"} 2',
    );
  });

  it('counts signature verifications by result, as the verifier reports them', async () => {
    const { family } = await scrape(client);
    const verified = samples(family('kezek_signature_verifications_total'));
    // The world's parent signed in with EDS; and once more for each direction chosen below.
    expect(verified['result=valid']).toBe(w.t.app.revocation.counters.signatures.valid);
    expect(verified['result=valid']).toBeGreaterThanOrEqual(1);
    await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const after = samples((await scrape(client)).family('kezek_signature_verifications_total'));
    expect(after['result=valid']).toBe(verified['result=valid']! + 1);
    expect(samples((await scrape(client)).family('kezek_revocation_checks_total'))).toHaveProperty([
      'outcome=unchecked',
    ]);
  });

  it('counts a CMS refused as it is read with the verifications', async () => {
    const refused = async () =>
      samples((await scrape(client)).family('kezek_signature_verifications_total'))[
        'result=malformed_cms'
      ] ?? 0;
    const before = await refused();
    const response = await new TestClient(w.t.app).post('/api/auth/eds', {
      cms: Buffer.from('this is not a CMS of any kind').toString('base64'),
    });
    expect(response.json(), response.body).toMatchObject({ code: 'malformed_cms' });
    expect(await refused()).toBe(before + 1);
  });

  it('gives the outbox backlog and counts delivery failures by channel', async () => {
    const db = w.t.database.db;
    const now = w.t.clock.now();
    const pending = await db
      .selectFrom('outbox')
      .select(['channel', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'pending')
      .groupBy('channel')
      .execute();
    const count = (channel: string) => Number(pending.find((p) => p.channel === channel)?.n ?? 0);
    expect(count('email')).toBeGreaterThan(0);
    const before = await scrape(client);
    expect(samples(before.family('kezek_outbox_pending_messages'))).toEqual({
      'channel=email': count('email'),
      'channel=sms': count('sms'),
      'channel=inapp': count('inapp'),
    });
    expect(samples(before.family('kezek_outbox_delivery_failures_total'))).toEqual({
      'channel=email,outcome=retry': 0,
      'channel=email,outcome=failed': 0,
      'channel=sms,outcome=retry': 0,
      'channel=sms,outcome=failed': 0,
    });
    // Every message due; the gateways down: each e-mail and SMS fails once and waits to retry.
    await db
      .updateTable('outbox')
      .set({ next_attempt_at: now })
      .where('status', '=', 'pending')
      .execute();
    w.t.clock.advance(90_000);
    expect(
      samples((await scrape(client)).family('kezek_outbox_oldest_due_seconds'))['channel=email'],
    ).toBe(90);
    const result = await deliverDue(db, { email: failing, sms: failing }, w.t.clock.now(), {
      batchSize: 10_000,
      onFailure: w.t.app.metrics.outboxFailed,
    });
    expect(result.retried).toBe(count('email') + count('sms'));
    const after = await scrape(client);
    expect(samples(after.family('kezek_outbox_delivery_failures_total'))).toEqual({
      'channel=email,outcome=retry': count('email'),
      'channel=email,outcome=failed': 0,
      'channel=sms,outcome=retry': count('sms'),
      'channel=sms,outcome=failed': 0,
    });
    expect(samples(after.family('kezek_outbox_pending_messages'))).toMatchObject({
      'channel=email': count('email'),
      'channel=inapp': 0,
    });
    expect(samples(after.family('kezek_outbox_due_messages'))['channel=email']).toBe(0);
  });

  it('gives the deadline jobs’ lag: how long ago the oldest deadline not yet swept passed', async () => {
    const issued = await issueDirection(w, { kindergartenId: w.kindergartens.no1, staff: w.staff });
    const { expires_at: expiresAt } = await w.t.database.db
      .selectFrom('directions')
      .select('expires_at')
      .where('id', '=', issued.directionId)
      .executeTakeFirstOrThrow();
    const lag = () =>
      scrape(client).then(({ family }) => samples(family('kezek_deadline_lag_seconds')));
    expect((await lag())['job=directions']).toBe(0);
    // No sweep runs in the test: an hour and a half past the deadline, the lag says so.
    w.t.clock.set(new Date(new Date(expiresAt).getTime() + 5_400_000));
    expect(await lag()).toMatchObject({
      'job=directions': 5400,
      'job=stop_lists': 0,
      'job=free_choice_rounds': 0,
    });
    w.t.app.metrics.jobsRan({ ok: true, seconds: 0.25 });
    w.t.app.metrics.jobsRan({ ok: false, seconds: 2 });
    const { family } = await scrape(client);
    expect(samples(family('kezek_deadline_job_runs_total'))).toEqual({
      'result=ok': 1,
      'result=error': 1,
    });
    expect(samples(family('kezek_deadline_jobs_duration_seconds'))).toEqual({ '': 2 });
    expect(samples(family('kezek_deadline_jobs_last_success_timestamp_seconds'))).toEqual({
      '': w.t.clock.now().getTime() / 1000,
    });
  });

  it('gives the database pool’s use and the process’s own figures', async () => {
    const { family } = await scrape(client);
    const max = samples(family('kezek_db_pool_max'));
    expect(max).toEqual(
      w.t.database.kind === 'pglite' ? { 'kind=pglite': 1 } : { 'kind=postgres': 5 },
    );
    const connections = samples(family('kezek_db_pool_connections'));
    expect(connections['state=idle']! + connections['state=in_use']!).toBeGreaterThanOrEqual(1);
    expect(samples(family('kezek_db_pool_waiting'))).toEqual({ '': 0 });
    expect(samples(family('kezek_database_up'))).toEqual({ '': 1 });
    expect(family('process_cpu_seconds_total').type).toBe('COUNTER');
  });
  // Last: the children it adds would wait ahead of those the other tests give a place to.
  it('gives each queue’s size by district and group year, as the waiting applications count', async () => {
    const db = w.t.database.db;
    const children = [
      { name: 'Айша', minute: 1, groupYear: 2022 },
      { name: 'Арман', minute: 2, groupYear: 2022 },
      { name: 'Ерлан', minute: 3, groupYear: 2023 },
    ];
    for (const child of children) await waitingChild(w, { ...child, parentIins: [w.parent.iin] });
    await renumberQueues(db);
    const astana = `district=${w.districts.astana}`;
    expect(samples((await scrape(client)).family('kezek_queue_size'))).toEqual({
      [`${astana},group_year=2022`]: 2,
      [`${astana},group_year=2023`]: 1,
    });
    // One leaves the queue: after the renumbering (within a second) the size follows.
    const [first] = await db
      .selectFrom('applications')
      .select('id')
      .where('status', '=', 'queued')
      .where('group_year', '=', 2022)
      .execute();
    await db
      .updateTable('applications')
      .set({ status: 'withdrawn' })
      .where('id', '=', first!.id)
      .execute();
    await renumberQueues(db);
    expect(samples((await scrape(client)).family('kezek_queue_size'))).toEqual({
      [`${astana},group_year=2022`]: 1,
      [`${astana},group_year=2023`]: 1,
    });
  });
});

describe('who may read GET /metrics', () => {
  const TOKEN = 'metrics-token-of-at-least-32-characters';

  it('answers 404 when off (the default), as for a path that does not exist', async () => {
    const t = await startTestApp();
    try {
      const response = await new TestClient(t.app).get('/metrics');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    } finally {
      await t.close();
    }
  });

  it('answers 401 without the bearer token, and the metrics with it', async () => {
    const t = await startTestApp({ KEZEK_METRICS_TOKEN: TOKEN });
    try {
      const client = new TestClient(t.app);
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
        const response = await client.request({
          method: 'GET',
          url: '/metrics',
          ...(authorization && { headers: { authorization } }),
        });
        expect(response.statusCode, authorization).toBe(401);
        expect(response.json()).toMatchObject({ code: 'metrics_token_required' });
        expect(response.headers['www-authenticate']).toBe('Bearer realm="kezek metrics"');
      }
      const { family } = await scrape(client, { authorization: `Bearer ${TOKEN}` });
      expect(family('kezek_database_up').metrics[0]!.value).toBe('1');
    } finally {
      await t.close();
    }
  });

  it('reports the database down, and still answers, when it does not answer', async () => {
    const t = await startTestApp({ KEZEK_METRICS: 'public' });
    try {
      const client = new TestClient(t.app);
      await sql`alter table outbox rename to outbox_away`.execute(t.database.db);
      const { families, family } = await scrape(client);
      expect(family('kezek_database_up').metrics[0]!.value).toBe('0');
      expect(familyOf(families, 'kezek_queue_size').metrics).toEqual([]);
      await sql`alter table outbox_away rename to outbox`.execute(t.database.db);
    } finally {
      await t.close();
    }
  });
});
