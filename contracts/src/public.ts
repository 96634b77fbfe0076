/**
 * The public queue (docs/rules.md, "The public queue"): anyone may read the waiting children of
 * a district and group year under their pseudonyms. The server's public/.
 */
import { z } from 'zod';
import { QUEUE_CLASSES } from '@kezek/domain';
import {
  bilingualNameSchema,
  dateSchema,
  idSchema,
  instantSchema,
  languageSchema,
  pageOf,
} from './common.ts';
import { QUEUE_STATUSES } from './department.ts';
import { DIRECTION_MODES } from './transparency.ts';

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

/**
 * Public protocols (docs/rules.md, "Public protocols"): what a district's kindergartens released
 * and which directions were issued in a period, like the protocols Astana publishes, with nothing
 * that names a child. The server's protocols/.
 */
export const PROTOCOL_MAX_DAYS = 366;
/** Each list of a protocol holds at most this many rows; the CSV holds them all. */
export const PROTOCOL_LIST_MAX = 1000;
export const protocolQuerySchema = z.object({
  districtId: idSchema,
  /** Calendar days in Almaty, both included: at most PROTOCOL_MAX_DAYS of them (else 422). */
  from: dateSchema,
  to: dateSchema,
});
export const protocolCsvQuerySchema = protocolQuerySchema.extend({
  /** The language of the CSV's header row and words. */
  lang: languageSchema.default('kk'),
});

const protocolKindergartenSchema = z.object({
  id: z.number(),
  /** There is no English name: English readers see the Russian one. */
  name: bilingualNameSchema,
});
/** Places added to the base, or one place given back and offered again (`returned`). */
export const protocolBatchSchema = z
  .object({
    kindergarten: protocolKindergartenSchema,
    groupYear: z.number(),
    language: languageSchema,
    count: z.number(),
    at: instantSchema,
    returned: z.boolean(),
  })
  .meta({ id: 'ProtocolBatch' });
export type ProtocolBatch = z.infer<typeof protocolBatchSchema>;
export const protocolDirectionSchema = z
  .object({
    pseudonym: z.string(),
    kindergarten: protocolKindergartenSchema,
    groupYear: z.number(),
    /**
     * `turn` (the child's turn in queue order), `free_choice` (places nobody took in their turn)
     * or `private` (a private kindergarten under the state order), as the transparency log names them.
     */
    mode: z.enum(DIRECTION_MODES),
    at: instantSchema,
  })
  .meta({ id: 'ProtocolDirection' });
export type ProtocolDirection = z.infer<typeof protocolDirectionSchema>;
export const protocolSchema = z
  .object({
    batches: z.array(protocolBatchSchema),
    directions: z.array(protocolDirectionSchema),
    /** A list stopped at PROTOCOL_LIST_MAX rows: the CSV, or a shorter period, has the rest. */
    batchesTruncated: z.boolean(),
    directionsTruncated: z.boolean(),
  })
  .meta({ id: 'Protocol' });
export type Protocol = z.infer<typeof protocolSchema>;
