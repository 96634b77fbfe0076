import type { Language } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
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
 * Queues one message. Call it with the transaction that makes the change the message reports:
 * the message exists exactly when the change was committed, and the worker sends it afterwards.
 */
export async function enqueueMessage(trx: Db, message: OutboxMessage, now: Date): Promise<string> {
  const recipient = message.recipient.trim();
  if (!recipient) throw new Error('an outbox message needs a recipient');
  const row = await trx
    .insertInto('outbox')
    .values({
      channel: message.channel,
      recipient,
      user_id: message.userId ?? null,
      language: message.language,
      subject: message.subject,
      body: message.body,
      next_attempt_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NotificationRecipient {
  /** Set: the message is also kept for the in-app list of this user. */
  userId?: number | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * Queues an event's message on every channel the recipient has: the e-mail (subject and body),
 * the SMS (its short text) and, for a known user, the in-app copy. Returns the outbox ids.
 */
export async function enqueueNotification(
  trx: Db,
  to: NotificationRecipient,
  language: Language,
  message: EventMessage,
  now: Date,
): Promise<string[]> {
  const userId = to.userId ?? null;
  const common = { userId, language, subject: message.subject };
  const ids: string[] = [];
  if (to.email?.trim()) {
    ids.push(
      await enqueueMessage(
        trx,
        { ...common, channel: 'email', recipient: to.email, body: message.body },
        now,
      ),
    );
  }
  if (to.phone?.trim()) {
    ids.push(
      await enqueueMessage(
        trx,
        { ...common, channel: 'sms', recipient: to.phone, body: message.sms },
        now,
      ),
    );
  }
  if (userId !== null) {
    ids.push(
      await enqueueMessage(
        trx,
        { ...common, channel: 'inapp', recipient: `user:${userId}`, body: message.body },
        now,
      ),
    );
  }
  return ids;
}
