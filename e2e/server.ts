// The app as e2e tests see it: a fresh database (PGlite directory or PostgreSQL database), the
// test API on, demo data in, and a real SMTP server that receives its e-mail. Started by
// Playwright's webServer; cleans up when stopped.
//
// The received messages (raw RFC 822, as the SMTP server got them) are listed read-only as JSON on
// http://127.0.0.1:<PORT + 1>/mail: `{ items: [{ id, receivedAt, from, to, raw }] }`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { createTestCa } from '../server/src/signature/test-ca/index.ts';
import { E2E_CA_FILE } from './ca-file.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const env: Record<string, string | undefined> = {
  ...process.env,
  KEZEK_TEST_API: '1',
  KEZEK_DEMO: '1',
  LOG_LEVEL: 'warn',
  // No internet here: the national CA's test certificates name CRL points that cannot be reached,
  // and their CRLs are not held, so revocation is not checked online in the browser tests.
  KEZEK_CRL_FETCH: '0',
  // The address the browsers use (playwright.config.ts): the eGov Mobile signing URLs and the
  // QR codes of directions point here, and the demo's eGov Mobile stand-in fetches them.
  KEZEK_PUBLIC_URL: `http://127.0.0.1:${process.env.PORT ?? '3100'}`,
  // Every spec's parents, staff and administrator come from 127.0.0.1, many of them in the same
  // minute (each addPlaces signs the administrator in again): the limits, tested at scale 1 in
  // the server's own tests, are scaled for them.
  KEZEK_RATE_LIMIT_SCALE: '10',
  // The national CA's real (expired) root and issuing CA as well: with the clock moved into their
  // validity, the real test person's key file signs in through the browser.
  KEZEK_TRUSTED_CAS: ['root_rsa.pem', 'nca_rsa.pem']
    .map((file) =>
      fileURLToPath(new URL(`../server/test-fixtures/nca-test/${file}`, import.meta.url)),
    )
    .join(','),
};
let cleanup: () => Promise<void>;

// A CA of the tests' own: a spec issues keys with it for the family it makes (tests/families.ts),
// so no spec depends on which demo parent another spec has used.
const ca = await createTestCa({ label: 'E2E' });
const caDir = mkdtempSync(path.join(tmpdir(), 'kezek-e2e-ca-'));
const caPem = path.join(caDir, 'ca.pem');
writeFileSync(caPem, ca.root.certificatePem + ca.intermediate.certificatePem);
writeFileSync(
  E2E_CA_FILE,
  JSON.stringify({
    rootCertificatePem: ca.root.certificatePem,
    rootPrivateKeyPem: ca.root.privateKeyPem,
    intermediateCertificatePem: ca.intermediate.certificatePem,
    intermediatePrivateKeyPem: ca.intermediate.privateKeyPem,
  }),
);
env.KEZEK_TRUSTED_CAS = `${env.KEZEK_TRUSTED_CAS},${caPem}`;

interface ReceivedMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  raw: string;
}

const mails: ReceivedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  // Plain SMTP on 127.0.0.1: no STARTTLS offered, so nodemailer does not try a self-signed one.
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 20 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const mailFrom = session.envelope.mailFrom;
      mails.push({
        id: mails.length + 1,
        receivedAt: new Date().toISOString(),
        from: mailFrom ? mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as AddressInfo).port;
env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;

const mailPort = Number(process.env.PORT ?? 3000) + 1;
const mailbox = createServer((request, response) => {
  if (request.method === 'GET' && request.url?.split('?')[0] === '/mail') {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ items: mails }));
    return;
  }
  response.writeHead(request.method === 'GET' ? 404 : 405, { 'content-type': 'text/plain' });
  response.end(request.method === 'GET' ? 'not found\n' : 'read-only\n');
});
await new Promise<void>((resolve, reject) => {
  mailbox.once('error', reject);
  mailbox.listen(mailPort, '127.0.0.1', resolve);
});

if (process.env.DATABASE_URL) {
  const name = `kezek_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
} else {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kezek-e2e-'));
  env.KEZEK_DATA_DIR = dataDir;
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const stop = (signal: NodeJS.Signals) => server.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  mailbox.close();
  smtp.close();
  void cleanup().finally(() => {
    rmSync(caDir, { recursive: true, force: true });
    rmSync(E2E_CA_FILE, { force: true });
    process.exit(code ?? 0);
  });
});
