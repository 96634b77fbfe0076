import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import type { Db, Trx } from '../db/connection.ts';
import type { EventMessage } from './messages.ts';

export type Channel = 'email' | 'sms' | 'inapp';

export interface OutboxMessage {
  channel: Channel;
  /** An e-mail address, a +7 phone number, or (in-app) `user:<id>`. */
  recipient: string;
  userId?: number | null;
  language: Language;
  subject: string;
  body: string;
}

/** A message's recipient, trimmed; a message without one is a bug of its caller. */
function recipientOf(message: OutboxMessage): string {
  const recipient = message.recipient.trim();
  if (!recipient) throw new Error('an outbox message needs a recipient');
  return recipient;
}

/**
 * Inserts the messages in their order, due at once, in one statement of a column array each
 * (unnest), not a multi-row VALUES: a round of thousands of messages would otherwise bind
 * thousands of parameters per statement, which costs more to send and plan than to insert.
 * Returns their ids in that order.
 */
async function insertOutboxRows(
  trx: Trx,
  messages: readonly OutboxMessage[],
  now: Date,
): Promise<string[]> {
  if (messages.length === 0) return [];
  const column = <T>(value: (message: OutboxMessage) => T) => messages.map(value);
  const inserted = await sql<{ id: string }>`
    insert into outbox (channel, recipient, user_id, language, subject, body, next_attempt_at,
      created_at)
    select channel, recipient, user_id, language, subject, body, ${now}::timestamptz,
      ${now}::timestamptz
    from unnest(
      ${column((m) => m.channel)}::text[],
      ${column(recipientOf)}::text[],
      ${column((m) => m.userId ?? null)}::int[],
      ${column((m) => m.language)}::text[],
      ${column((m) => m.subject)}::text[],
      ${column((m) => m.body)}::text[]
    ) with ordinality as m(channel, recipient, user_id, language, subject, body, n)
    -- Ids are given in the order inserted, which is the messages' order.
    order by n
    returning id`.execute(trx);
  return inserted.rows.map((row) => row.id);
}

/**
 * Queues one message. Call it with the transaction that makes the change the message reports:
 * the message exists exactly when the change was committed, and the worker sends it afterwards.
 */
export async function enqueueMessage(trx: Trx, message: OutboxMessage, now: Date): Promise<string> {
  const [id] = await insertOutboxRows(trx, [message], now);
  return id!;
}

export interface NotificationRecipient {
  /** Set: the message is also kept for the in-app list of this user. */
  userId?: number | null;
  email?: string | null;
  phone?: string | null;
}

export interface Notification {
  to: NotificationRecipient;
  language: Language;
  message: EventMessage;
}

/** An event's message on every channel the recipient has, e-mail, SMS and in-app, in that order. */
function channelMessages({ to, language, message }: Notification): OutboxMessage[] {
  const userId = to.userId ?? null;
  const common = { userId, language, subject: message.subject };
  const messages: OutboxMessage[] = [];
  if (to.email?.trim()) {
    messages.push({ ...common, channel: 'email', recipient: to.email, body: message.body });
  }
  if (to.phone?.trim()) {
    messages.push({ ...common, channel: 'sms', recipient: to.phone, body: message.sms });
  }
  if (userId !== null) {
    messages.push({ ...common, channel: 'inapp', recipient: `user:${userId}`, body: message.body });
  }
  return messages;
}

/**
 * Queues each notification on every channel its recipient has: the e-mail (subject and body),
 * the SMS (its short text) and, for a known user, the in-app copy, all in one insert. Returns the
 * outbox ids in order.
 */
export async function enqueueNotifications(
  trx: Trx,
  notifications: readonly Notification[],
  now: Date,
): Promise<string[]> {
  return insertOutboxRows(trx, notifications.flatMap(channelMessages), now);
}

/** Queues one event's message on every channel the recipient has; returns the outbox ids. */
export async function enqueueNotification(
  trx: Trx,
  to: NotificationRecipient,
  language: Language,
  message: EventMessage,
  now: Date,
): Promise<string[]> {
  return enqueueNotifications(trx, [{ to, language, message }], now);
}

/** Every message of the outbox in the order queued, with its state: what the test API shows. */
export function allOutboxMessages(db: Db) {
  return db
    .selectFrom('outbox')
    .select(['id', 'channel', 'recipient', 'language', 'subject', 'body', 'status'])
    .orderBy('id')
    .execute();
}
