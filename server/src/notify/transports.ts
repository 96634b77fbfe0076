import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Language } from '@kezek/contracts';

/** What a transport gets from the outbox: one message for one recipient. */
export interface OutgoingMessage {
  /** The outbox id: stable across retries, so receivers can drop duplicates. */
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  language: Language;
  subject: string;
  body: string;
  createdAt: Date;
}

export interface Transport {
  /** Short name put in front of stored errors: `smtp`, `sms-gateway`, `file`. */
  readonly name: string;
  /** Resolves once the message was handed over; rejects with a message that holds no secret. */
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

/** One transport per channel that leaves the system; in-app messages need none. */
export interface Transports {
  email: Transport;
  sms: Transport;
}

export const DEFAULT_FROM = 'kezek <no-reply@kezek.local>';
const SEND_TIMEOUT_MS = 30_000;

/** An error whose message is safe to store and log: no passwords, tokens or message bodies. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/** Replaces every secret (and its URL-encoded form) in a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error
      ? `: ${(cause as { code?: unknown }).code ?? ''} ${cause.message}`.trimEnd()
      : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${causeText}`;
}

// ---------------------------------------------------------------------------------------------
// e-mail over SMTP

export interface SmtpSettings {
  /** nodemailer SMTP transport options built from the URL. */
  options: Record<string, unknown>;
  from: string;
  /** Values that must never appear in a stored error. */
  secrets: string[];
}

function queryValue(value: string): string | number | boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value !== '' && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

/**
 * `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start).
 * `?from=` sets the sender (default `kezek <no-reply@kezek.local>`); other query parameters are
 * nodemailer options as in its own URL form (`?tls.rejectUnauthorized=false`, `?requireTLS=true`).
 */
export function smtpSettings(smtpUrl: string): SmtpSettings {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const options: Record<string, unknown> = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    secure: url.protocol === 'smtps:',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: SEND_TIMEOUT_MS,
    // The message is ours, but keep nodemailer from ever reading files or URLs for it.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (url.port) options.port = Number(url.port);
  if (user || pass) options.auth = { user, pass };
  let from = DEFAULT_FROM;
  const tls: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    if (key === 'from') from = value;
    else if (key.startsWith('tls.')) tls[key.slice(4)] = queryValue(value);
    else options[key] = queryValue(value);
  }
  if (Object.keys(tls).length > 0) options.tls = tls;
  return { options, from, secrets: [pass, url.password].filter(Boolean) };
}

function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'kezek.local';
}

/** The MIME message of an outbox e-mail, the same for SMTP and for the .eml file. */
export function mailOptions(message: OutgoingMessage, from: string): SendMailOptions {
  return {
    from,
    to: message.recipient,
    subject: message.subject,
    text: message.body,
    date: message.createdAt,
    messageId: `<outbox.${message.id}.${message.createdAt.getTime()}@${domainOf(from)}>`,
    headers: { 'Content-Language': message.language, 'Auto-Submitted': 'auto-generated' },
    textEncoding: 'quoted-printable',
  };
}

export class EmailTransport implements Transport {
  readonly name = 'smtp';
  private readonly mailer: Transporter;
  private readonly from: string;
  private readonly secrets: string[];

  constructor(smtpUrl: string) {
    const settings = smtpSettings(smtpUrl);
    this.mailer = nodemailer.createTransport(settings.options);
    this.from = settings.from;
    this.secrets = settings.secrets;
  }

  async send(message: OutgoingMessage): Promise<void> {
    try {
      await this.mailer.sendMail(mailOptions(message, this.from));
    } catch (error) {
      throw new DeliveryError(redact(describe(error), this.secrets));
    }
  }

  close(): void {
    this.mailer.close();
  }
}

// ---------------------------------------------------------------------------------------------
// SMS through an HTTP gateway

export interface SmsTransportOptions {
  timeoutMs?: number;
}

/**
 * POSTs `{ "to": "+77…", "text": "…" }` as JSON to the gateway; any 2xx is success. Credentials in
 * the URL (`https://user:token@host/send`) become a Basic Authorization header, since fetch
 * refuses URLs with credentials; they and any query value never reach a stored error.
 */
export class SmsTransport implements Transport {
  readonly name = 'sms-gateway';
  private readonly url: string;
  private readonly authorization: string | null;
  private readonly secrets: string[];
  private readonly timeoutMs: number;

  constructor(gatewayUrl: string, options: SmsTransportOptions = {}) {
    const url = new URL(gatewayUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error('SMS_GATEWAY_URL must be an http:// or https:// URL');
    }
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    this.authorization =
      user || pass ? `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` : null;
    this.secrets = [pass, url.password, ...url.searchParams.values()].filter(Boolean);
    url.username = '';
    url.password = '';
    this.url = url.toString();
    this.timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  }

  async send(message: OutgoingMessage): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `kezek-outbox-${message.id}`,
          ...(this.authorization && { authorization: this.authorization }),
        },
        body: JSON.stringify({ to: message.recipient, text: message.body }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new DeliveryError(redact(`request failed: ${describe(error)}`, this.secrets));
    }
    // Drain the body so the connection can be reused; its content is not kept.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      throw new DeliveryError(
        redact(
          `gateway answered HTTP ${response.status} ${response.statusText}`.trimEnd(),
          this.secrets,
        ),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// files, when no SMTP server or SMS gateway is configured

function fileStem(message: OutgoingMessage): string {
  return `${message.createdAt.toISOString().replace(/[:.]/g, '-')}-outbox-${message.id}`;
}

async function writeAtomically(file: string, content: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/**
 * Keeps messages as files and counts them as sent: e-mails as standard .eml files (open them in
 * any mail client) in `<dataDir>/mail/`, SMS as short text files in `<dataDir>/sms/`. A retry
 * overwrites the same file name.
 */
export class FileTransport implements Transport {
  readonly name = 'file';
  readonly directory: string;
  private readonly kind: 'email' | 'sms';
  private readonly from: string;
  private readonly composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  constructor(directory: string, kind: 'email' | 'sms', options: { from?: string } = {}) {
    this.directory = directory;
    this.kind = kind;
    this.from = options.from ?? DEFAULT_FROM;
  }

  async send(message: OutgoingMessage): Promise<void> {
    try {
      if (this.kind === 'email') {
        const info = await this.composer.sendMail(mailOptions(message, this.from));
        const file = path.join(this.directory, `${fileStem(message)}.eml`);
        await writeAtomically(file, info.message as Buffer);
      } else {
        const text = [
          `To: ${message.recipient}`,
          `Date: ${message.createdAt.toISOString()}`,
          `Language: ${message.language}`,
          '',
          message.body,
          '',
        ].join('\n');
        await writeAtomically(path.join(this.directory, `${fileStem(message)}.txt`), text);
      }
    } catch (error) {
      throw new DeliveryError(describe(error));
    }
  }
}

export interface TransportSettings {
  SMTP_URL?: string | undefined;
  SMS_GATEWAY_URL?: string | undefined;
  KEZEK_DATA_DIR: string;
}

/**
 * The transports of the configuration: SMTP_URL → SMTP, else .eml files in `<dataDir>/mail/`;
 * SMS_GATEWAY_URL → the HTTP gateway, else text files in `<dataDir>/sms/`.
 */
export function createTransports(settings: TransportSettings): Transports {
  const dataDir = path.resolve(settings.KEZEK_DATA_DIR);
  return {
    email: settings.SMTP_URL
      ? new EmailTransport(settings.SMTP_URL)
      : new FileTransport(path.join(dataDir, 'mail'), 'email'),
    sms: settings.SMS_GATEWAY_URL
      ? new SmsTransport(settings.SMS_GATEWAY_URL)
      : new FileTransport(path.join(dataDir, 'sms'), 'sms'),
  };
}
