import type { Insertable } from 'kysely';
import type { Language } from '@kezek/contracts';
import { chunksOf } from '../db/chunks.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { OutboxTable } from '../db/schema.ts';
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

function outboxRow(message: OutboxMessage, now: Date): Insertable<OutboxTable> {
  const recipient = message.recipient.trim();
  if (!recipient) throw new Error('an outbox message needs a recipient');
  return {
    channel: message.channel,
    recipient,
    user_id: message.userId ?? null,
    language: message.language,
    subject: message.subject,
    body: message.body,
    next_attempt_at: now,
    created_at: now,
  };
}

/** Inserts the rows in their order, a thousand to a statement; returns their ids in that order. */
async function insertOutboxRows(
  trx: Trx,
  rows: readonly Insertable<OutboxTable>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const chunk of chunksOf(rows)) {
    const inserted = await trx.insertInto('outbox').values(chunk).returning('id').execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

/**
 * Queues one message. Call it with the transaction that makes the change the message reports:
 * the message exists exactly when the change was committed, and the worker sends it afterwards.
 */
export async function enqueueMessage(trx: Trx, message: OutboxMessage, now: Date): Promise<string> {
  const [id] = await insertOutboxRows(trx, [outboxRow(message, now)]);
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
 * the SMS (its short text) and, for a known user, the in-app copy. Many notifications take a
 * multi-row insert per thousand messages, not one insert each. Returns the outbox ids in order.
 */
export async function enqueueNotifications(
  trx: Trx,
  notifications: readonly Notification[],
  now: Date,
): Promise<string[]> {
  const rows = notifications.flatMap((n) => channelMessages(n).map((m) => outboxRow(m, now)));
  return insertOutboxRows(trx, rows);
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
