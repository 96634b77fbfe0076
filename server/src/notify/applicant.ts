import type { Language } from '@kezek/contracts';
import type { Trx } from '../db/connection.ts';
import type { EventMessage } from './messages.ts';
import { enqueueNotifications, type Notification } from './outbox.ts';

/** The columns of an application (alias `a`) that say how its applicant is reached. */
export const APPLICANT_CONTACT = [
  'a.language',
  'a.email',
  'a.phone',
  'a.applicant_user_id',
] as const;

export interface ApplicantContact {
  language: string;
  email: string;
  phone: string;
  applicant_user_id: number;
}

/** An event's message to the applicant, in the application's language, on every channel. */
export function applicantNotification(
  contact: ApplicantContact,
  message: (language: Language) => EventMessage,
): Notification {
  const language = contact.language as Language;
  return {
    to: { userId: contact.applicant_user_id, email: contact.email, phone: contact.phone },
    language,
    message: message(language),
  };
}

/** Queues an event's message to the applicant, in the application's language, on every channel. */
export async function notifyApplicant(
  trx: Trx,
  contact: ApplicantContact,
  message: (language: Language) => EventMessage,
  now: Date,
): Promise<void> {
  await enqueueNotifications(trx, [applicantNotification(contact, message)], now);
}
