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

/**
 * What the outbox is given per message or notification: its texts once, and a recipient per
 * channel it goes to (trimmed; null: not on that channel). The insert makes a row per channel.
 */
interface OutboxInput {
  userId: number | null;
  language: Language;
  subject: string;
  /** The text of the e-mail and the in-app copy. */
  body: string;
  sms: string;
  email: string | null;
  phone: string | null;
  inapp: string | null;
}

/**
 * Inserts the inputs in their order, due at once, a row per channel in the order e-mail, SMS,
 * in-app, in one statement of a column array each (unnest): a round of thousands of messages
 * sends each text once, not a multi-row VALUES of thousands of parameters that costs more to
 * send and plan than to insert. Returns the rows' ids in that order.
 */
async function insertOutboxRows(
  trx: Trx,
  inputs: readonly OutboxInput[],
  now: Date,
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const column = <T>(value: (input: OutboxInput) => T) => inputs.map(value);
  const inserted = await sql<{ id: string }>`
    insert into outbox (channel, recipient, user_id, language, subject, body, next_attempt_at,
      created_at)
    select c.channel, c.recipient, m.user_id, m.language, m.subject, c.body, ${now}::timestamptz,
      ${now}::timestamptz
    from unnest(
      ${column((m) => m.userId)}::int[],
      ${column((m) => m.language)}::text[],
      ${column((m) => m.subject)}::text[],
      ${column((m) => m.body)}::text[],
      ${column((m) => m.sms)}::text[],
      ${column((m) => m.email)}::text[],
      ${column((m) => m.phone)}::text[],
      ${column((m) => m.inapp)}::text[]
    ) with ordinality as m(user_id, language, subject, body, sms, email, phone, inapp, n)
    cross join lateral (values (1, 'email', m.email, m.body), (2, 'sms', m.phone, m.sms),
      (3, 'inapp', m.inapp, m.body)) as c(position, channel, recipient, body)
    where c.recipient is not null
    -- Ids are given in the order inserted, which is the inputs' and their channels' order.
    order by m.n, c.position
    returning id`.execute(trx);
  return inserted.rows.map((row) => row.id);
}

/** A recipient trimmed, or null when there is none. */
const present = (recipient: string | null | undefined) => recipient?.trim() || null;

/**
 * Queues one message. Call it with the transaction that makes the change the message reports:
 * the message exists exactly when the change was committed, and the worker sends it afterwards.
 */
export async function enqueueMessage(trx: Trx, message: OutboxMessage, now: Date): Promise<string> {
  const recipient = present(message.recipient);
  if (!recipient) throw new Error('an outbox message needs a recipient');
  const { channel, userId = null, language, subject, body } = message;
  const [id] = await insertOutboxRows(
    trx,
    [
      {
        userId,
        language,
        subject,
        body,
        sms: body,
        email: channel === 'email' ? recipient : null,
        phone: channel === 'sms' ? recipient : null,
        inapp: channel === 'inapp' ? recipient : null,
      },
    ],
    now,
  );
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

/** An event's message to every channel the recipient has: e-mail, SMS and, for a user, in-app. */
function notificationInput({ to, language, message }: Notification): OutboxInput {
  const userId = to.userId ?? null;
  return {
    userId,
    language,
    subject: message.subject,
    body: message.body,
    sms: message.sms,
    email: present(to.email),
    phone: present(to.phone),
    inapp: userId === null ? null : `user:${userId}`,
  };
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
  return insertOutboxRows(trx, notifications.map(notificationInput), now);
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
