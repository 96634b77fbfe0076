/**
 * The kindergarten workspace and the education department (docs/rules.md, "Kindergarten
 * workspace" and "Refusals reviewed by the department"): checking a direction, accepting or
 * refusing the child, the enrolled list and departures; the officer's review of refusals, the
 * district queue, the application search and the kindergartens with free places.
 */
import { z } from 'zod';
import { DIRECTION_ACTIONS, QUEUE_CLASSES } from '@kezek/domain';
import { applicationSchema, historyItemSchema } from './applications.ts';
import {
  bilingualNameSchema,
  dateSchema,
  idSchema,
  iinSchema,
  languageSchema,
  pageOf,
  pageQuerySchema,
} from './common.ts';
import { directionSchema } from './places.ts';
import { kindergartenTypeSchema } from './reference.ts';

const recordId = z.string().regex(/^\d{1,18}$/);
const reasonText = z.string().trim().min(3).max(500);
const DIRECTION_NUMBER = /^NP\.\d{4}\.\d{6}$/;
const APPLICATION_NUMBER = /^UO\.\d{4}\.\d{6}\.\d$/;

/** Exactly one of the two look-up keys, as the seed's search type (by IIN or by number). */
function oneKey<T extends z.ZodRawShape>(shape: T, keys: [keyof T & string, keyof T & string]) {
  return z.object(shape).superRefine((query, context) => {
    const given = keys.filter((key) => (query as Record<string, unknown>)[key] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: [keys[0]],
        message: `Give either ${keys[0]} or ${keys[1]}`,
        params: { code: 'one_key_required' },
      });
    }
  });
}

const upperCased = (pattern: RegExp) =>
  z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(pattern));

// ---------------------------------------------------------------------------------------------
// refusals (the kindergarten's, reviewed by the officer of the district)

export const REFUSAL_STATUSES = ['pending', 'confirmed', 'rejected'] as const;

export const refusalSchema = z
  .object({
    id: z.string(),
    directionId: z.string(),
    directionNumber: z.string(),
    applicationId: z.string(),
    applicationNumber: z.string(),
    districtId: z.number(),
    kindergarten: z.object({ id: z.number(), name: bilingualNameSchema }),
    child: z.object({ iin: z.string(), fullName: z.string() }),
    reason: z.string(),
    /** Who signed the refusal, as the verified certificate names them. */
    signer: z.object({ iin: z.string(), fullName: z.string() }),
    status: z.enum(REFUSAL_STATUSES),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'Refusal' });
export type Refusal = z.infer<typeof refusalSchema>;

export const refusalQuerySchema = pageQuerySchema.extend({
  status: z.enum(REFUSAL_STATUSES).default('pending'),
  districtId: idSchema.optional(),
});
export const refusalPageSchema = pageOf(refusalSchema);
export const refusalParamsSchema = z.object({ id: recordId });

/** The signed fields of `direction.refuse`. */
export const refuseDirectionFieldsSchema = z.object({ directionId: recordId, reason: reasonText });

/**
 * The signed fields of `refusal.decide` (docs/api.md, "Officer and administrator"; docs/rules.md,
 * "Signed actions"): confirming keeps the child out of the kindergarten; rejecting needs the
 * comment that tells the kindergarten why.
 */
export const refusalDecisionFieldsSchema = z
  .object({
    refusalId: recordId,
    confirm: z.boolean(),
    comment: z.string().trim().max(500).optional(),
  })
  .superRefine((decision, context) => {
    if (!decision.confirm && (decision.comment ?? '').length < 3) {
      context.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'A rejection needs a comment',
        params: { code: 'comment_required' },
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// the staff workspace: a direction to one of my kindergartens

export const directionSearchQuerySchema = oneKey(
  {
    kindergartenId: idSchema,
    iin: iinSchema.optional(),
    number: upperCased(DIRECTION_NUMBER).optional(),
  },
  ['iin', 'number'],
);

export const workspaceDirectionSchema = directionSchema
  .extend({
    applicationNumber: z.string(),
    child: z.object({ iin: z.string(), fullName: z.string(), birthDate: z.string() }),
    applicant: z.object({ fullName: z.string(), phone: z.string(), email: z.string() }),
    benefit: z.object({
      categoryCode: z.string().nullable(),
      class: z.enum(['out_of_turn', 'first_priority']).nullable(),
      status: z.enum(['claimed', 'confirmed', 'rejected']).nullable(),
    }),
    /** The enrolment deadline in force (an extension included); paused while a refusal waits. */
    deadline: z.string(),
    refusal: refusalSchema.nullable(),
    enrolmentId: z.string().nullable(),
    /** What the caller may do with it now (the screen shows only these buttons). */
    actions: z.array(z.enum(DIRECTION_ACTIONS)),
  })
  .meta({ id: 'WorkspaceDirection' });
export type WorkspaceDirection = z.infer<typeof workspaceDirectionSchema>;

/** The signed fields of `direction.accept`. */
export const acceptDirectionFieldsSchema = z.object({
  directionId: recordId,
  /** A benefit-class direction: the proof documents were seen and are recent enough. */
  benefitDocumentsChecked: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------
// enrolments (the enrolled list: docs/rules.md, "Kindergarten workspace") and departures

export const ENROLMENT_STATES = ['current', 'departed'] as const;

export const enrolmentSchema = z
  .object({
    id: z.string(),
    directionId: z.string(),
    kindergartenId: z.number(),
    applicationNumber: z.string(),
    directionNumber: z.string(),
    child: z.object({ iin: z.string(), fullName: z.string() }),
    groupYear: z.number(),
    enrolledAt: z.string(),
    /** The day the child left (a date, as signed), or null while the child attends. */
    departedAt: z.string().nullable(),
    departureReason: z.string().nullable(),
  })
  .meta({ id: 'Enrolment' });
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const enrolmentQuerySchema = pageQuerySchema.extend({
  /** Part of the child's name, or the child's IIN (or its beginning). */
  q: z.string().trim().max(100).optional(),
  groupYear: z.coerce.number().int().min(2000).max(2100).optional(),
  state: z.enum(ENROLMENT_STATES).optional(),
});
export const enrolmentPageSchema = pageOf(enrolmentSchema);
export const enrolmentParamsSchema = z.object({ id: recordId });

/**
 * The signed fields of `enrolment.depart`: the date and the reason (docs/rules.md, "Kindergarten
 * workspace").
 */
export const departFieldsSchema = z.object({
  enrolmentId: recordId,
  date: dateSchema,
  reason: reasonText,
});

// ---------------------------------------------------------------------------------------------
// the education department

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

export const applicationSearchQuerySchema = oneKey(
  { iin: iinSchema.optional(), number: upperCased(APPLICATION_NUMBER).optional() },
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
