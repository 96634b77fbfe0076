import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../clock.ts';
import type { DatabaseKind, Db, PoolStats } from '../db/connection.ts';
import type { Revocation } from '../signature/revocation.ts';
import { oldestPastDeadlines, outboxBacklog, queueSizes } from './queries.ts';

/** What the metrics read: the app's database, clock and revocation, the database pool. */
export interface MetricsSources {
  db: Db;
  dbKind: DatabaseKind;
  clock: Clock;
  revocation: Revocation;
  pool: () => PoolStats;
}

/** The sweeps whose lag is reported (metrics/queries.ts oldestPastDeadlines). */
const DEADLINE_JOBS = ['turn_windows', 'directions', 'stop_lists', 'free_choice_rounds'] as const;
/** The channels the outbox sends on (notify/outbox.ts). */
const CHANNELS = ['email', 'sms', 'inapp'] as const;
/** Seconds: from a cached read (a few ms) to a slow signed action under load. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * A counter that shows counts kept elsewhere (the revocation's counters): set afresh at each
 * scrape from `read`, so nothing is counted twice.
 */
function mirroredCounter(
  registry: Registry,
  name: string,
  help: string,
  label: string,
  read: () => Record<string, number>,
): void {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [value, count] of Object.entries(read())) this.inc({ [label]: value }, count);
    },
  });
}

/**
 * The Prometheus metrics of one app (GET /metrics, docs/operations.md "Metrics"): a registry of
 * its own, so that several apps in one process (the tests) do not mix their series. Counted as
 * things happen: requests, outbox delivery failures, deadline-job runs. Read at each scrape: the
 * revocation's counters, the database pool, and from the database the queue sizes, the outbox
 * backlog and the deadline lag.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly sources: MetricsSources;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;
  private readonly deliveryFailures: Counter<'channel' | 'outcome'>;
  private readonly jobRuns: Counter<'result'>;
  private readonly jobLastSuccess: Gauge;
  private readonly jobDuration: Gauge;
  private readonly databaseUp: Gauge;
  private readonly queueSize: Gauge<'district' | 'group_year'>;
  private readonly outboxPending: Gauge<'channel'>;
  private readonly outboxDue: Gauge<'channel'>;
  private readonly outboxOldestDue: Gauge<'channel'>;
  private readonly deadlineLag: Gauge<'job'>;

  constructor(sources: MetricsSources) {
    this.sources = sources;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });

    this.requests = new Counter({
      name: 'kezek_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'kezek_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers,
    });

    const { revocation } = sources;
    mirroredCounter(
      this.registry,
      'kezek_signature_verifications_total',
      'EDS signatures verified, by result: valid or the refusal code',
      'result',
      () => ({ valid: 0, ...revocation.counters.signatures }),
    );
    mirroredCounter(
      this.registry,
      'kezek_revocation_checks_total',
      'Certificates whose revocation was checked, by how it was answered',
      'outcome',
      () => revocation.counters.verifications,
    );
    mirroredCounter(
      this.registry,
      'kezek_crl_fetches_total',
      'CRL downloads from distribution points, by result',
      'result',
      () => revocation.counters.crlFetches,
    );
    mirroredCounter(
      this.registry,
      'kezek_ocsp_requests_total',
      'OCSP requests, by result',
      'result',
      () => revocation.counters.ocspRequests,
    );
    new Gauge({
      name: 'kezek_revocation_seconds_until_oldest_expiry',
      help: 'Seconds until the first held CRL of a trusted CA expires (negative: expired)',
      registers,
      collect() {
        this.reset();
        const left = revocation.health().secondsUntilOldestExpiry;
        if (left !== null) this.set(left);
      },
    });

    this.deliveryFailures = new Counter({
      name: 'kezek_outbox_delivery_failures_total',
      help: 'Failed attempts to send a message, by channel and outcome (retry later, or failed for good)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    for (const channel of ['email', 'sms'])
      for (const outcome of ['retry', 'failed']) this.deliveryFailures.inc({ channel, outcome }, 0);
    this.outboxPending = this.gauge(
      'kezek_outbox_pending_messages',
      'Messages not sent yet, by channel',
      ['channel'],
    );
    this.outboxDue = this.gauge(
      'kezek_outbox_due_messages',
      'Messages due to be sent now, by channel',
      ['channel'],
    );
    this.outboxOldestDue = this.gauge(
      'kezek_outbox_oldest_due_seconds',
      'How long the oldest message due has waited, by channel (0: none due)',
      ['channel'],
    );

    this.jobRuns = new Counter({
      name: 'kezek_deadline_job_runs_total',
      help: 'Runs of the deadline sweeps (every minute), by result',
      labelNames: ['result'],
      registers,
    });
    this.jobRuns.inc({ result: 'ok' }, 0);
    this.jobRuns.inc({ result: 'error' }, 0);
    this.jobLastSuccess = this.gauge(
      'kezek_deadline_jobs_last_success_timestamp_seconds',
      'When the deadline sweeps last finished without an error (Unix time)',
    );
    this.jobDuration = this.gauge(
      'kezek_deadline_jobs_duration_seconds',
      'How long the last run of the deadline sweeps took',
    );
    this.deadlineLag = this.gauge(
      'kezek_deadline_lag_seconds',
      'How long ago the oldest deadline not yet handled passed, by sweep (0: none)',
      ['job'],
    );
    this.queueSize = this.gauge(
      'kezek_queue_size',
      'Children waiting in the queue, by district id and group year',
      ['district', 'group_year'],
    );

    new Gauge({
      name: 'kezek_db_pool_connections',
      help: 'Database connections open, by state (PGlite: one)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = sources.pool();
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'in_use' }, pool.total - pool.idle);
      },
    });
    new Gauge({
      name: 'kezek_db_pool_waiting',
      help: 'Queries waiting for a free database connection',
      registers,
      collect() {
        this.set(sources.pool().waiting);
      },
    });
    new Gauge({
      name: 'kezek_db_pool_max',
      help: 'The most connections the pool opens',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        this.set({ kind: sources.dbKind }, sources.pool().max);
      },
    });
    this.databaseUp = this.gauge(
      'kezek_database_up',
      '1 when the database answered this scrape, 0 otherwise (its figures are then missing)',
    );
  }

  private gauge<Label extends string>(
    name: string,
    help: string,
    labelNames: readonly Label[] = [],
  ): Gauge<Label> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** Counts an answered request under its route pattern (never the URL: bounded labels). */
  observeRequest(method: string, route: string | undefined, status: number, ms: number): void {
    const labels = { method, route: route ?? 'unmatched' };
    this.requests.inc({ ...labels, status: String(status) });
    this.durations.observe(labels, ms / 1000);
  }

  /** An attempt to send an e-mail or SMS failed: tried again later, or failed for good. */
  readonly outboxFailed = (channel: string, outcome: 'retry' | 'failed'): void => {
    this.deliveryFailures.inc({ channel, outcome });
  };

  /** A run of the deadline sweeps ended (jobs/runner.ts scheduleJobs). */
  readonly jobsRan = (run: { ok: boolean; seconds: number }): void => {
    this.jobRuns.inc({ result: run.ok ? 'ok' : 'error' });
    this.jobDuration.set(run.seconds);
    if (run.ok) this.jobLastSuccess.set(this.sources.clock.now().getTime() / 1000);
  };

  /** The text of a scrape: the database's figures read now, then every series. */
  async scrape(): Promise<string> {
    await this.readDatabase();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async readDatabase(): Promise<void> {
    const { db, clock } = this.sources;
    const now = clock.now();
    for (const gauge of [
      this.queueSize,
      this.outboxPending,
      this.outboxDue,
      this.outboxOldestDue,
      this.deadlineLag,
    ])
      gauge.reset();
    try {
      const [queues, backlog, deadlines] = [
        await queueSizes(db),
        await outboxBacklog(db, now),
        await oldestPastDeadlines(db, now),
      ];
      for (const row of queues.rows)
        this.queueSize.set(
          { district: String(row.district_id), group_year: String(row.group_year) },
          Number(row.size),
        );
      for (const channel of CHANNELS) {
        const row = backlog.find((r) => r.channel === channel);
        this.outboxPending.set({ channel }, Number(row?.pending ?? 0));
        this.outboxDue.set({ channel }, Number(row?.due ?? 0));
        const oldest = row?.oldest_due;
        this.outboxOldestDue.set({ channel }, oldest ? seconds(new Date(oldest), now) : 0);
      }
      for (const job of DEADLINE_JOBS) {
        const oldest = deadlines[job];
        this.deadlineLag.set({ job }, oldest ? seconds(new Date(oldest), now) : 0);
      }
      this.databaseUp.set(1);
    } catch {
      this.databaseUp.set(0);
    }
  }
}
