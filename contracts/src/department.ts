/**
 * The education department: the district queue, the application search with its history, and the
 * kindergartens with free places. The server's department/.
 */
import { z } from 'zod';
import { ARCHIVE_STATUSES, QUEUE_CLASSES } from '@kezek/domain';
import { applicationSchema, historyItemSchema } from './applications.ts';
import {
  APPLICATION_NUMBER_PATTERN,
  bilingualNameSchema,
  idSchema,
  iinSchema,
  languageSchema,
  oneKey,
  pageOf,
  pageQuerySchema,
  upperCased,
} from './common.ts';
import { kindergartenTypeSchema } from './reference.ts';

/** The statuses that hold a place in the queue (domain WAITING_STATUSES). */
export const QUEUE_STATUSES = ['queued', 'turn', 'stop_listed'] as const;

export const queueQuerySchema = pageQuerySchema.extend({
  /** A place in each of the three classes. */
  cursor: z.string().max(400).optional(),
  districtId: idSchema,
  /**
   * The queue is kept per group year (docs/rules.md, "Benefit classes and queue order"): its
   * positions are the queue numbers.
   */
  groupYear: z.coerce.number().int().min(2000).max(2100),
  benefitClass: z.enum(QUEUE_CLASSES).optional(),
  status: z.enum(QUEUE_STATUSES).optional(),
});

export const queueEntrySchema = z
  .object({
    /** The queue number: the place in the queue of the district and group year. */
    position: z.number(),
    /** The place among the children of the same benefit class (null for the general class). */
    benefitPosition: z.number().nullable(),
    applicationId: z.string(),
    number: z.string(),
    child: z.object({ iin: z.string(), fullName: z.string(), birthDate: z.string() }),
    queueClass: z.enum(QUEUE_CLASSES),
    benefitCode: z.string().nullable(),
    status: z.enum(QUEUE_STATUSES),
    registeredAt: z.string(),
  })
  .meta({ id: 'QueueEntry' });
export type QueueEntry = z.infer<typeof queueEntrySchema>;
export const queuePageSchema = pageOf(queueEntrySchema);

export const archiveQuerySchema = pageQuerySchema.extend({
  districtId: idSchema,
  groupYear: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(ARCHIVE_STATUSES).optional(),
});
/** An application that no longer waits, newest first (the archive of seed 004). */
export const archiveEntrySchema = z
  .object({
    applicationId: z.string(),
    number: z.string(),
    child: z.object({ iin: z.string(), fullName: z.string(), birthDate: z.string() }),
    groupYear: z.number(),
    status: z.enum(ARCHIVE_STATUSES),
    registeredAt: z.string(),
    lastChangedAt: z.string(),
  })
  .meta({ id: 'ArchiveEntry' });
export type ArchiveEntry = z.infer<typeof archiveEntrySchema>;
export const archivePageSchema = pageOf(archiveEntrySchema);

export const queueGroupYearsQuerySchema = z.object({ districtId: idSchema });
/** The group years of a district's queue with children waiting, and how many (newest first). */
export const queueGroupYearsSchema = z
  .object({ items: z.array(z.object({ groupYear: z.number(), waiting: z.number() })) })
  .meta({ id: 'QueueGroupYears' });

export const applicationSearchQuerySchema = oneKey(
  { iin: iinSchema.optional(), number: upperCased(APPLICATION_NUMBER_PATTERN).optional() },
  ['iin', 'number'],
);

export const signerSchema = z.object({
  iin: z.string(),
  fullName: z.string(),
  /** The certificate's serial number (hex) and, for an employee certificate, the BIN. */
  serialNumber: z.string(),
  bin: z.string().nullable(),
});

/** A history row as the department reads it: who acted, and who signed. */
export const recordHistoryItemSchema = historyItemSchema
  .extend({ actorName: z.string().nullable(), signer: signerSchema.nullable() })
  .meta({ id: 'RecordHistoryItem' });

export const applicationRecordSchema = z
  .object({
    application: applicationSchema,
    history: z.array(recordHistoryItemSchema),
  })
  .meta({ id: 'ApplicationRecord' });
export type ApplicationRecord = z.infer<typeof applicationRecordSchema>;
export const applicationSearchResultSchema = z.object({ items: z.array(applicationRecordSchema) });

export const departmentKindergartenQuerySchema = z.object({ districtId: idSchema.optional() });
export const departmentKindergartenSchema = z
  .object({
    id: z.number(),
    districtId: z.number(),
    name: bilingualNameSchema,
    type: kindergartenTypeSchema,
    languages: z.array(languageSchema),
    address: z.string(),
    phone: z.string().nullable(),
    /** Free places now, by group year and language (the batches' free counts summed). */
    free: z.array(z.object({ groupYear: z.number(), language: languageSchema, free: z.number() })),
    freeTotal: z.number(),
    enrolled: z.number(),
  })
  .meta({ id: 'DepartmentKindergarten' });
export type DepartmentKindergarten = z.infer<typeof departmentKindergartenSchema>;
export const departmentKindergartenListSchema = z.object({
  items: z.array(departmentKindergartenSchema),
});
