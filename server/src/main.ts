import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { AdjustableClock, systemClock } from './clock.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { configuredDatabase, openDatabase } from './db/connection.ts';
import { prepareDatabase, StartupRefused } from './startup.ts';
import { createTransports } from './notify/transports.ts';
import { startOutboxWorker } from './notify/worker.ts';
import { scheduleJobs } from './jobs/runner.ts';
import { scheduleTreeHeads, signTreeHead } from './transparency/heads.ts';
import { startQueueNumbering } from './jobs/queue-numbers.ts';
import { scheduleRevocation } from './signature/revocation.ts';

function configOrExit(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kezek: ${error.message}`);
    process.exit(1);
  }
}

const config = configOrExit();
const testClock = config.KEZEK_TEST_API ? new AdjustableClock() : undefined;
const clock = testClock ?? systemClock;
const database = await openDatabase(configuredDatabase(config)).catch((error: Error) => {
  console.error(`kezek: cannot open the database: ${error.message}`);
  process.exit(1);
});

const prepared = await prepareDatabase(database.db, config, clock).catch((error: Error) => {
  if (!(error instanceof StartupRefused)) throw error;
  console.error(`kezek: ${error.message}`);
  process.exit(1);
});
// Loud before anything else: the operator must see demo mode even with quiet logs.
for (const line of prepared.warnings) console.warn(`kezek: ${line}`);
const app = await buildApp({
  config,
  db: database.db,
  dbKind: database.kind,
  pool: database.pool,
  listen: database.listen,
  clock,
  trust: prepared.trust,
  sessionSecret: prepared.sessionSecret,
  pseudonymKey: prepared.pseudonymKey,
  logKeyPem: prepared.logKeyPem,
  demo: prepared.demo,
  ...(testClock && { testClock }),
});

// Messages leave only through the outbox, after the commit that wrote them.
const stopOutbox = startOutboxWorker({
  db: database.db,
  transports: createTransports(config),
  clock,
  intervalMs: 5_000,
  onError: (err) => app.log.error({ err }, 'outbox delivery failed'),
  onDelivered: (result) => app.log.info(result, 'outbox delivered'),
  onFailure: app.metrics.outboxFailed,
});

// Stored queue numbers follow the changes within a second; until then they are counted.
const stopNumbering = startQueueNumbering({
  db: database.db,
  intervalMs: 1_000,
  onError: (err) => app.log.error({ err }, 'queue renumbering failed'),
});

const stopJobs = scheduleJobs(
  database.db,
  clock,
  (err) => app.log.error({ err }, 'deadline jobs failed'),
  config.KEZEK_PUBLIC_URL,
  app.metrics.jobsRan,
);

// The transparency log's first head at once (a new log's, or the leaves added while stopped),
// then one a minute while it grows (transparency/heads.ts).
await signTreeHead(database.db, clock, app.logSigner);
const stopTreeHeads = scheduleTreeHeads(database.db, clock, app.logSigner, (err) =>
  app.log.error({ err }, 'signing the transparency log head failed'),
);

// CRLs from the distribution points and KEZEK_CRL_URLS: fetched before listening (each URL at
// most 5 s), then once a minute whatever is due (signature/revocation.ts).
await app.revocation.refreshDue();
const stopRevocation = scheduleRevocation(app.revocation, (err) =>
  app.log.error({ err }, 'revocation refresh failed'),
);

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'stopping after an error');
  stopJobs();
  stopTreeHeads();
  stopRevocation();
  await stopNumbering();
  await stopOutbox();
  await app.close();
  await database.close();
});

await app.listen({ port: config.PORT, host: config.HOST });
for (const line of prepared.announcements) app.log.info(line);
for (const line of prepared.warnings) app.log.warn(line);
app.log.info(`kezek is ready on http://${config.HOST}:${config.PORT} (database: ${database.kind})`);
app.log.info(`public address (QR codes and links on documents): ${config.KEZEK_PUBLIC_URL}`);
