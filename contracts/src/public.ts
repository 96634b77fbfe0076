/**
 * The public queue (docs/rules.md, "The public queue"): anyone may read the waiting children of
 * a district and group year under their pseudonyms. The server's public/.
 */
import { z } from 'zod';
import { QUEUE_CLASSES } from '@kezek/domain';
import { idSchema, pageOf } from './common.ts';
import { QUEUE_STATUSES } from './department.ts';

/** The public queue's page size: at most 100 rows a request. */
export const PUBLIC_QUEUE_PAGE = { default: 50, max: 100 } as const;

const groupYearSchema = z.coerce.number().int().min(2000).max(2100);
/** The queue number after which a page starts (the previous page's last). */
const positionCursorSchema = z.string().regex(/^\d{1,9}$/, { message: 'Bad cursor' });

export const publicQueueQuerySchema = z.object({
  districtId: idSchema,
  groupYear: groupYearSchema,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PUBLIC_QUEUE_PAGE.max)
    .default(PUBLIC_QUEUE_PAGE.default),
  cursor: positionCursorSchema.optional(),
});

/** A waiting child as the public sees it: no name, IIN, address, category, document or reason. */
export const publicQueueEntrySchema = z
  .object({
    /** The queue number in the district and group year. */
    position: z.number(),
    /** The number within the benefit class; null for the general class. */
    benefitPosition: z.number().nullable(),
    pseudonym: z.string(),
    queueClass: z.enum(QUEUE_CLASSES),
    /** The registration instant, to the minute. */
    registeredAt: z.string(),
    status: z.enum(QUEUE_STATUSES),
  })
  .meta({ id: 'PublicQueueEntry' });
export type PublicQueueEntry = z.infer<typeof publicQueueEntrySchema>;
export const publicQueuePageSchema = pageOf(publicQueueEntrySchema).meta({ id: 'PublicQueuePage' });
export type PublicQueuePage = z.infer<typeof publicQueuePageSchema>;

export const publicQueuePlaceQuerySchema = z.object({
  limit: publicQueueQuerySchema.shape.limit,
});
/**
 * Where the caller's own application stands in the public queue: the page (its `cursor`, null
 * for the first) that holds its row with pages of `limit` rows; `position` and `cursor` are null
 * while the application does not wait.
 */
export const publicQueuePlaceSchema = z
  .object({
    districtId: z.number(),
    groupYear: z.number(),
    pseudonym: z.string(),
    position: z.number().nullable(),
    cursor: z.string().nullable(),
  })
  .meta({ id: 'PublicQueuePlace' });
export type PublicQueuePlace = z.infer<typeof publicQueuePlaceSchema>;
