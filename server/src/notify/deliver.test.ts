import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../clock.ts';
import type { Db, OpenDatabase } from '../db/connection.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { deliverDue, MAX_ATTEMPTS, retryDelayMs } from './deliver.ts';
import { registrationAccepted } from './messages.ts';
import { enqueueMessage, enqueueNotification, type OutboxMessage } from './outbox.ts';
import {
  parseMail,
  startSmsGateway,
  startSmtpServer,
  type TestGateway,
  type TestSmtpServer,
} from './servers.test-helper.ts';
import {
  createTransports,
  DeliveryError,
  EmailTransport,
  SmsTransport,
  type OutgoingMessage,
  type Transport,
  type Transports,
} from './transports.ts';
import { startOutboxWorker } from './worker.ts';

const NOW = new Date('2026-11-23T10:04:00Z');
const MINUTE = 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

let database: OpenDatabase;
let db: Db;
let userId: number;
let smtp: TestSmtpServer;
let gateway: TestGateway;

beforeAll(async () => {
  database = await openTestDatabase('migrated');
  db = database.db;
  const user = await db
    .insertInto('users')
    .values({
      iin: '791028302728',
      full_name: 'Нұрланова Айгүл Серікқызы',
      roles: ['applicant'],
      email: 'aigul@example.kz',
      phone: '+77011234567',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  userId = user.id;
  smtp = await startSmtpServer();
  gateway = await startSmsGateway();
});
afterAll(async () => {
  await smtp?.close();
  await gateway?.close();
  await database?.close();
});
beforeEach(async () => {
  await db.deleteFrom('outbox').execute();
  gateway.status = 200;
});

/** A transport that records what it was given, and fails or waits when told to. */
class RecordingTransport implements Transport {
  readonly name = 'recording';
  sent: OutgoingMessage[] = [];
  failures = 0;
  delayMs = 0;
  active = 0;
  maxActive = 0;

  async send(message: OutgoingMessage): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (this.failures > 0) {
        this.failures -= 1;
        throw new DeliveryError('421 try again later');
      }
      this.sent.push(message);
    } finally {
      this.active -= 1;
    }
  }
}

function recording(): {
  transports: Transports;
  email: RecordingTransport;
  sms: RecordingTransport;
} {
  const email = new RecordingTransport();
  const sms = new RecordingTransport();
  return { transports: { email, sms }, email, sms };
}

const message = (n: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  channel: 'email',
  recipient: `parent${n}@example.kz`,
  language: 'kk',
  subject: `Хабарлама ${n}`,
  body: `Сәлеметсіз бе! ${n}`,
  ...overrides,
});

const rows = () => db.selectFrom('outbox').selectAll().orderBy('id').execute();

describe('enqueueMessage', () => {
  it('writes a pending row due now, inside the caller’s transaction', async () => {
    const id = await db
      .transaction()
      .execute((trx) => enqueueMessage(trx, message(1, { userId }), NOW));
    const [row] = await rows();
    expect(row).toMatchObject({
      id,
      channel: 'email',
      recipient: 'parent1@example.kz',
      user_id: userId,
      language: 'kk',
      status: 'pending',
      attempts: 0,
      last_error: null,
      sent_at: null,
    });
    expect(row!.next_attempt_at).toEqual(NOW);
    expect(row!.created_at).toEqual(NOW);
  });

  it('leaves nothing when the caller’s transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueMessage(trx, message(1), NOW);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await rows()).toEqual([]);
  });

  it('refuses an empty recipient', async () => {
    await expect(
      db.transaction().execute((trx) => enqueueMessage(trx, message(1, { recipient: '  ' }), NOW)),
    ).rejects.toThrow(/recipient/);
  });
});

describe('registration notification end to end', () => {
  it('sends the e-mail over SMTP and the SMS through the gateway, and keeps the in-app copy', async () => {
    const text = registrationAccepted(
      {
        applicationNumber: 'UO.2026.000024.1',
        childName: 'Нұрланов Әли Ержанұлы',
        queueNumber: 1834,
        district: { kk: 'Есіл ауданы', ru: 'район Есиль', en: 'Yesil district' },
      },
      'kk',
    );
    await db
      .transaction()
      .execute((trx) =>
        enqueueNotification(
          trx,
          { userId, email: 'aigul@example.kz', phone: '+77011234567' },
          'kk',
          text,
          NOW,
        ),
      );
    const email = new EmailTransport(`smtp://127.0.0.1:${smtp.port}`);
    const transports = { email, sms: new SmsTransport(gateway.url) };
    const mailsBefore = smtp.mails.length;
    const smsBefore = gateway.requests.length;

    expect(await deliverDue(db, transports, NOW)).toEqual({ sent: 3, retried: 0, failed: 0 });
    email.close();

    expect(smtp.mails.length).toBe(mailsBefore + 1);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['aigul@example.kz']);
    expect(mail.from).toBe('no-reply@kezek.local');
    expect(mail.subject).toBe('UO.2026.000024.1 өтініші тіркелді: бала кезекке қойылды');
    expect(mail.text).toContain('Сәлеметсіз бе!');
    expect(mail.text).toContain('Бала: Нұрланов Әли Ержанұлы');
    expect(mail.text).toContain('Кезек нөмірі: 1834');

    expect(gateway.requests.length).toBe(smsBefore + 1);
    expect(gateway.requests.at(-1)!.json).toEqual({
      to: '+77011234567',
      text: 'kezek: UO.2026.000024.1 өтініші тіркелді, бала кезекке қойылды. Кезек нөмірі: 1834.',
    });

    const stored = await rows();
    expect(stored.map((r) => [r.channel, r.recipient, r.status])).toEqual([
      ['email', 'aigul@example.kz', 'sent'],
      ['sms', '+77011234567', 'sent'],
      ['inapp', `user:${userId}`, 'sent'],
    ]);
    for (const row of stored) {
      expect(row.sent_at).toEqual(NOW);
      expect(row.attempts).toBe(0);
      expect(row.user_id).toBe(userId);
    }
    expect(await deliverDue(db, transports, at(MINUTE))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
  });

  it('without SMTP_URL and SMS_GATEWAY_URL keeps the messages as files in the data directory', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kezek-data-'));
    try {
      const text = registrationAccepted(
        {
          applicationNumber: 'UO.2026.000025.1',
          childName: 'Сейітқали Аружан Қайратқызы',
          queueNumber: 7,
          district: { kk: 'Алматы ауданы', ru: 'район Алматы', en: 'Almaty district' },
        },
        'ru',
      );
      await db
        .transaction()
        .execute((trx) =>
          enqueueNotification(
            trx,
            { email: 'a@example.kz', phone: '+77019876543' },
            'ru',
            text,
            NOW,
          ),
        );
      const transports = createTransports({ KEZEK_DATA_DIR: dataDir });
      expect(await deliverDue(db, transports, NOW)).toEqual({ sent: 2, retried: 0, failed: 0 });
      const [eml] = await readdir(path.join(dataDir, 'mail'));
      const mail = parseMail(await readFile(path.join(dataDir, 'mail', eml!), 'utf8'));
      expect(mail.subject).toBe(text.subject);
      expect(mail.text).toContain('Ребенок: Сейітқали Аружан Қайратқызы');
      const [smsFile] = await readdir(path.join(dataDir, 'sms'));
      expect(await readFile(path.join(dataDir, 'sms', smsFile!), 'utf8')).toContain(text.sms);
      expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('deliverDue', () => {
  it('sends only what is due, oldest first, at most batchSize at a time', async () => {
    for (let n = 1; n <= 5; n += 1)
      await db.transaction().execute((trx) => enqueueMessage(trx, message(n), at(-n * MINUTE)));
    await db.transaction().execute((trx) => enqueueMessage(trx, message(6), at(MINUTE))); // not due yet
    const { transports, email } = recording();
    expect(await deliverDue(db, transports, NOW, { batchSize: 2 })).toEqual({
      sent: 2,
      retried: 0,
      failed: 0,
    });
    expect(email.sent.map((m) => m.recipient)).toEqual([
      'parent5@example.kz',
      'parent4@example.kz',
    ]);
    expect(await deliverDue(db, transports, NOW)).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect((await rows()).filter((r) => r.status === 'pending').map((r) => r.recipient)).toEqual([
      'parent6@example.kz',
    ]);
    expect(await deliverDue(db, transports, at(MINUTE))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
  });

  it('hands the transport the stored message', async () => {
    const id = await db
      .transaction()
      .execute((trx) =>
        enqueueMessage(
          trx,
          message(1, { channel: 'sms', recipient: '+77011234567', language: 'ru', body: 'Текст' }),
          at(-MINUTE),
        ),
      );
    const { transports, sms, email } = recording();
    await deliverDue(db, transports, NOW);
    expect(email.sent).toEqual([]);
    expect(sms.sent).toEqual([
      {
        id,
        channel: 'sms',
        recipient: '+77011234567',
        language: 'ru',
        subject: 'Хабарлама 1',
        body: 'Текст',
        createdAt: at(-MINUTE),
      },
    ]);
  });

  it('retries with exponential backoff and marks the message failed after the last attempt', async () => {
    expect([1, 2, 3, 7, 8, 9, 10, 20].map((n) => retryDelayMs(n) / MINUTE)).toEqual([
      1, 2, 4, 64, 128, 256, 360, 360,
    ]);
    const url = new URL(gateway.url);
    url.username = 'kezek';
    url.password = 'gateway-secret-77';
    url.searchParams.set('apiKey', 'api-key-0042');
    const transports = { email: recording().email, sms: new SmsTransport(url.toString()) };
    const id = await db
      .transaction()
      .execute((trx) =>
        enqueueMessage(trx, message(1, { channel: 'sms', recipient: '+77011234567' }), NOW),
      );
    gateway.status = 500;
    const requestsBefore = gateway.requests.length;

    let now = NOW;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await deliverDue(db, transports, now)).toEqual({ sent: 0, retried: 1, failed: 0 });
      const row = await db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toBe('sms-gateway: gateway answered HTTP 500 Internal Server Error');
      const next = new Date(now.getTime() + MINUTE * 2 ** (attempt - 1));
      expect(row.next_attempt_at).toEqual(next);
      // not due a millisecond before the backoff ends
      expect(await deliverDue(db, transports, new Date(next.getTime() - 1))).toEqual({
        sent: 0,
        retried: 0,
        failed: 0,
      });
      now = next;
    }
    expect(await deliverDue(db, transports, now)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(gateway.requests.length - requestsBefore).toBe(MAX_ATTEMPTS);
    const row = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sent_at: null });
    expect(row.last_error).not.toMatch(/gateway-secret-77|api-key-0042|kezek:/);
    // a failed message is never tried again
    expect(await deliverDue(db, transports, at(30 * 24 * 60 * MINUTE))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
  });

  it('sends after a transient failure and clears the error', async () => {
    const id = await db.transaction().execute((trx) => enqueueMessage(trx, message(1), NOW));
    const { transports, email } = recording();
    email.failures = 2;
    expect(await deliverDue(db, transports, NOW)).toMatchObject({ retried: 1 });
    expect(await deliverDue(db, transports, at(MINUTE))).toMatchObject({ retried: 1 });
    expect(await deliverDue(db, transports, at(3 * MINUTE))).toMatchObject({ sent: 1 });
    const row = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(row.sent_at).toEqual(at(3 * MINUTE));
    expect(email.sent).toHaveLength(1);
  });

  it('leases the rows it is sending: another run skips them until the lease ends', async () => {
    const id = await db.transaction().execute((trx) => enqueueMessage(trx, message(1), NOW));
    let release!: () => void;
    const stuck: Transport = {
      name: 'stuck',
      send: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const first = deliverDue(db, { email: stuck, sms: stuck }, NOW, { leaseMs: 10 * MINUTE });
    await expect.poll(() => release).toBeTypeOf('function');

    const other = recording();
    expect(await deliverDue(db, other.transports, NOW)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await deliverDue(db, other.transports, at(10 * MINUTE - 1))).toMatchObject({ sent: 0 });
    // the first sender is presumed dead after the lease: the message goes out again (at least once)
    expect(await deliverDue(db, other.transports, at(10 * MINUTE))).toMatchObject({ sent: 1 });
    release();
    // the first sender's late outcome does not overwrite the row it no longer holds
    expect(await first).toEqual({ sent: 0, retried: 0, failed: 0 });
    const row = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.sent_at).toEqual(at(10 * MINUTE));
  });

  it('stops sending after half the lease and releases the rest at once', async () => {
    for (let n = 1; n <= 3; n += 1)
      await db.transaction().execute((trx) => enqueueMessage(trx, message(n), NOW));
    const { transports, email } = recording();
    email.delayMs = 40;
    expect(await deliverDue(db, transports, NOW, { leaseMs: 60 })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    const pending = (await rows()).filter((r) => r.status === 'pending');
    expect(pending).toHaveLength(2);
    for (const row of pending) expect(row.next_attempt_at).toEqual(NOW);
    email.delayMs = 0;
    expect(await deliverDue(db, transports, NOW)).toMatchObject({ sent: 2 });
  });

  it('never sends a message twice when several instances deliver at once', async () => {
    const count = 40;
    for (let n = 1; n <= count; n += 1) {
      await db
        .transaction()
        .execute((trx) =>
          enqueueMessage(
            trx,
            message(
              n,
              n % 4 === 0 ? { channel: 'inapp', recipient: `user:${userId}`, userId } : {},
            ),
            NOW,
          ),
        );
    }
    const shared = recording();
    shared.email.delayMs = 5;
    const instances = Array.from({ length: 4 }, async () => {
      const totals = { sent: 0, retried: 0, failed: 0 };
      for (;;) {
        const result = await deliverDue(db, shared.transports, NOW, { batchSize: 3 });
        if (result.sent + result.retried + result.failed === 0) return totals;
        totals.sent += result.sent;
      }
    });
    const totals = await Promise.all(instances);
    expect(totals.reduce((sum, t) => sum + t.sent, 0)).toBe(count);
    const recipients = shared.email.sent.map((m) => m.recipient);
    expect(recipients).toHaveLength(count - count / 4);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
    if (database.kind === 'postgres') {
      // on PostgreSQL the instances really ran side by side
      expect(shared.email.maxActive).toBeGreaterThan(1);
    }
  });
});

describe('startOutboxWorker', () => {
  it('delivers periodically, drains full batches at once, never overlaps itself, and stops', async () => {
    const clock = new AdjustableClock(NOW);
    const { transports, email } = recording();
    email.delayMs = 30; // longer than the interval
    for (let n = 1; n <= 5; n += 1)
      await db.transaction().execute((trx) => enqueueMessage(trx, message(n), NOW));
    const delivered: number[] = [];
    const stop = startOutboxWorker({
      db,
      transports,
      clock,
      intervalMs: 10,
      batchSize: 2,
      onDelivered: (r) => delivered.push(r.sent),
    });
    await expect.poll(() => email.sent.length, { timeout: 5000 }).toBe(5);
    expect(email.maxActive).toBe(1);

    // a message enqueued later goes out at a later pass
    clock.advance(MINUTE);
    await db.transaction().execute((trx) => enqueueMessage(trx, message(6), clock.now()));
    await expect.poll(() => email.sent.length, { timeout: 5000 }).toBe(6);
    // The pass reports after its outcomes are recorded, a moment after the transport sent.
    await expect.poll(() => delivered.reduce((a, b) => a + b, 0), { timeout: 5000 }).toBe(6);

    await stop();
    await db.transaction().execute((trx) => enqueueMessage(trx, message(7), clock.now()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(email.sent).toHaveLength(6);
    expect(email.maxActive).toBe(1);
  });

  it('reports a failed pass and carries on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const broken = {
      transaction: () => {
        calls += 1;
        throw new Error('database is down');
      },
    } as unknown as Db;
    const stop = startOutboxWorker({
      db: broken,
      transports: recording().transports,
      clock: new AdjustableClock(NOW),
      intervalMs: 5,
      onError: (error) => errors.push(error),
    });
    await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await stop();
    expect((errors[0] as Error).message).toBe('database is down');
  });
});
