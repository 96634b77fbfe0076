import { z } from 'zod';
import { languageSchema, pageOf, pageQuerySchema } from './common.ts';

/** A notification kept for the in-app list: the same subject and text as the e-mail. */
export const inboxMessageSchema = z
  .object({
    id: z.string(),
    subject: z.string(),
    body: z.string(),
    language: languageSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'InboxMessage' });
export type InboxMessage = z.infer<typeof inboxMessageSchema>;
export const inboxQuerySchema = pageQuerySchema;
export const inboxListSchema = pageOf(inboxMessageSchema);
