import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationAccepted } from './messages.ts';
import {
  parseMail,
  startSmsGateway,
  startSmtpServer,
  type TestGateway,
  type TestSmtpServer,
} from './servers.test-helper.ts';
import {
  createTransports,
  DEFAULT_FROM,
  DeliveryError,
  EmailTransport,
  FileTransport,
  SmsTransport,
  smtpSettings,
  type OutgoingMessage,
} from './transports.ts';

const district = { kk: 'Есіл ауданы', ru: 'район Есиль', en: 'Yesil district' };
const kkText = registrationAccepted(
  {
    applicationNumber: 'UO.2026.000024.1',
    childName: 'Нұрланов Әли Ержанұлы',
    queueNumber: 1834,
    district,
  },
  'kk',
);

const email: OutgoingMessage = {
  id: '17',
  channel: 'email',
  recipient: 'aigul@example.kz',
  language: 'kk',
  subject: kkText.subject,
  body: kkText.body,
  createdAt: new Date('2026-11-23T10:04:00Z'),
};
const sms: OutgoingMessage = {
  ...email,
  id: '18',
  channel: 'sms',
  recipient: '+77011234567',
  body: kkText.sms,
};

let smtp: TestSmtpServer;
let gateway: TestGateway;
let dir: string;
beforeAll(async () => {
  smtp = await startSmtpServer({ credentials: { user: 'kezek', pass: 'p@ss/wörd' } });
  gateway = await startSmsGateway();
  dir = await mkdtemp(path.join(tmpdir(), 'kezek-notify-'));
});
afterAll(async () => {
  await smtp.close();
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SMTP settings from SMTP_URL', () => {
  it('reads host, port, TLS mode, credentials and the sender', () => {
    const plain = smtpSettings('smtp://mail.example.kz:2525');
    expect(plain.options).toMatchObject({ host: 'mail.example.kz', port: 2525, secure: false });
    expect(plain.options.auth).toBeUndefined();
    expect(plain.from).toBe(DEFAULT_FROM);
    const full = smtpSettings(
      'smtps://user%40kezek.kz:s%3Acret@smtp.example.kz?from=%D0%9A%D0%B5%D0%B7%D0%B5%D0%BA%20%3Cno-reply%40kezek.kz%3E&tls.rejectUnauthorized=false&requireTLS=true',
    );
    expect(full.options).toMatchObject({
      host: 'smtp.example.kz',
      secure: true,
      auth: { user: 'user@kezek.kz', pass: 's:cret' },
      tls: { rejectUnauthorized: false },
      requireTLS: true,
    });
    expect(full.options.from).toBeUndefined();
    expect(full.from).toBe('Кезек <no-reply@kezek.kz>');
    expect(full.secrets).toContain('s:cret');
    expect(() => smtpSettings('http://mail.example.kz')).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});

describe('EmailTransport', () => {
  it('hands the message to a real SMTP server', async () => {
    const transport = new EmailTransport(
      `smtp://kezek:${encodeURIComponent('p@ss/wörd')}@127.0.0.1:${smtp.port}?from=${encodeURIComponent('Kezek Astana <queue@astana.kezek.kz>')}`,
    );
    await transport.send(email);
    transport.close();
    const mail = smtp.mails.at(-1)!;
    expect(mail.user).toBe('kezek');
    expect(mail.from).toBe('queue@astana.kezek.kz');
    expect(mail.to).toEqual(['aigul@example.kz']);
    expect(mail.subject).toBe('UO.2026.000024.1 өтініші тіркелді: бала кезекке қойылды');
    expect(mail.text).toContain('Сәлеметсіз бе!');
    expect(mail.text).toContain('Бала: Нұрланов Әли Ержанұлы');
    expect(mail.text).toContain('Кезек нөмірі: 1834');
    expect(mail.headers.get('content-language')).toBe('kk');
    expect(mail.headers.get('message-id')).toBe(
      `<outbox.17.${email.createdAt.getTime()}@astana.kezek.kz>`,
    );
  });

  it('sends from kezek <no-reply@kezek.local> by default, without authentication', async () => {
    const transport = new EmailTransport(`smtp://127.0.0.1:${smtp.port}`);
    await transport.send({ ...email, recipient: 'second@example.kz' });
    transport.close();
    const mail = smtp.mails.at(-1)!;
    expect(mail.from).toBe('no-reply@kezek.local');
    expect(mail.headers.get('from')).toBe('kezek <no-reply@kezek.local>');
    expect(mail.user).toBeNull();
  });

  it('fails with a message that does not contain the password', async () => {
    const transport = new EmailTransport(
      `smtp://kezek:${encodeURIComponent('wrong-secret-42')}@127.0.0.1:${smtp.port}`,
    );
    const error = await transport.send(email).then(
      () => null,
      (e: unknown) => e,
    );
    transport.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(/auth|login|535/i);
    expect((error as Error).message).not.toContain('wrong-secret-42');
  });

  it('fails when nothing listens', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    const transport = new EmailTransport(`smtp://127.0.0.1:${closed.port}`);
    await expect(transport.send(email)).rejects.toThrow(/ECONNREFUSED/);
    transport.close();
  });
});

describe('SmsTransport', () => {
  it('POSTs { to, text } as JSON', async () => {
    gateway.status = 200;
    await new SmsTransport(gateway.url).send(sms);
    const request = gateway.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/send');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('kezek-outbox-18');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual({
      to: '+77011234567',
      text: 'kezek: UO.2026.000024.1 өтініші тіркелді, бала кезекке қойылды. Кезек нөмірі: 1834.',
    });
  });

  it('sends credentials of the URL as Basic authorization, never in the URL', async () => {
    gateway.status = 202;
    const url = new URL(gateway.url);
    url.username = 'kezek';
    url.password = 'token-xyz';
    url.searchParams.set('sender', 'KEZEK');
    await new SmsTransport(url.toString()).send(sms);
    const request = gateway.requests.at(-1)!;
    expect(request.url).toBe('/send?sender=KEZEK');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('kezek:token-xyz').toString('base64')}`,
    );
  });

  it('treats a non-2xx answer as a failure and keeps secrets out of the error', async () => {
    gateway.status = 503;
    const url = new URL(gateway.url);
    url.password = 'token-xyz';
    url.username = 'kezek';
    url.searchParams.set('apiKey', 'key-123456');
    const error = await new SmsTransport(url.toString()).send(sms).then(
      () => null,
      (e: unknown) => e as Error,
    );
    gateway.status = 200;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error!.message).toBe('gateway answered HTTP 503 Service Unavailable');
  });

  it('fails on a refused connection and on a timeout', async () => {
    const dead = await startSmsGateway();
    await dead.close();
    await expect(new SmsTransport(dead.url).send(sms)).rejects.toThrow(/request failed/);
    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await expect(
        new SmsTransport(`http://127.0.0.1:${port}/send`, { timeoutMs: 100 }).send(sms),
      ).rejects.toThrow(/request failed: .*(timeout|abort)/i);
    } finally {
      silent.close();
      silent.closeAllConnections();
    }
  });
});

describe('FileTransport', () => {
  it('writes an e-mail as a readable .eml file', async () => {
    const transport = new FileTransport(path.join(dir, 'mail'), 'email');
    await transport.send(email);
    await transport.send(email); // a retry overwrites the same file
    const files = await readdir(path.join(dir, 'mail'));
    expect(files).toEqual(['2026-11-23T10-04-00-000Z-outbox-17.eml']);
    const raw = await readFile(path.join(dir, 'mail', files[0]!), 'utf8');
    expect(raw).toContain('\r\n');
    const mail = parseMail(raw);
    expect(mail.headers.get('to')).toBe('aigul@example.kz');
    expect(mail.headers.get('from')).toBe('kezek <no-reply@kezek.local>');
    expect(mail.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(mail.subject).toBe(kkText.subject);
    expect(mail.text.trimEnd()).toBe(kkText.body);
  });

  it('writes an SMS as a text file', async () => {
    await new FileTransport(path.join(dir, 'sms'), 'sms').send(sms);
    const files = await readdir(path.join(dir, 'sms'));
    expect(files).toEqual(['2026-11-23T10-04-00-000Z-outbox-18.txt']);
    const text = await readFile(path.join(dir, 'sms', files[0]!), 'utf8');
    expect(text).toBe(
      `To: +77011234567\nDate: 2026-11-23T10:04:00.000Z\nLanguage: kk\n\n${kkText.sms}\n`,
    );
  });
});

describe('createTransports', () => {
  it('uses files in the data directory when SMTP_URL and SMS_GATEWAY_URL are unset', () => {
    const transports = createTransports({ KEZEK_DATA_DIR: dir });
    expect(transports.email).toBeInstanceOf(FileTransport);
    expect((transports.email as FileTransport).directory).toBe(path.join(dir, 'mail'));
    expect((transports.sms as FileTransport).directory).toBe(path.join(dir, 'sms'));
  });

  it('uses SMTP and the gateway when configured', () => {
    const transports = createTransports({
      KEZEK_DATA_DIR: dir,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMS_GATEWAY_URL: gateway.url,
    });
    expect(transports.email).toBeInstanceOf(EmailTransport);
    expect(transports.sms).toBeInstanceOf(SmsTransport);
    transports.email.close?.();
  });
});
