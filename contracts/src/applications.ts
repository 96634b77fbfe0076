import { z } from 'zod';
import {
  APPLICANT_ACTIONS,
  APPLICATION_STATUSES,
  MONTH_PATTERN,
  NEARBY_RADII_KM,
  QUEUE_CLASSES,
} from '@kezek/domain';
import {
  emailSchema,
  iinSchema,
  idSchema,
  phoneSchema,
  rowIdSchema,
  trilingualNameSchema,
} from './common.ts';
import { directionSchema } from './directions.ts';

export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);

export const benefitCategorySchema = z
  .object({
    code: z.string(),
    class: z.enum(['out_of_turn', 'first_priority']),
    name: trilingualNameSchema,
  })
  .meta({ id: 'BenefitCategory' });
export const benefitCategoryListSchema = z.object({ items: z.array(benefitCategorySchema) });

export const attachmentRefSchema = z.object({
  id: z.string().regex(/^\d+$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const addressPart = (max: number) => z.string().trim().min(1).max(max);

/**
 * The applicant's address as the manual's form asks it (seed 001, fig. 6): city, district, street,
 * house and flat, each its own field.
 */
export const applicantAddressSchema = z
  .object({
    city: addressPart(100),
    district: addressPart(100).optional(),
    street: addressPart(200),
    house: addressPart(20),
    flat: addressPart(20).optional(),
  })
  .meta({ id: 'ApplicantAddress' });
export type ApplicantAddress = z.infer<typeof applicantAddressSchema>;

/** The address on one line, as seed 002's application shows it («АСТАНА, САРЫАРКА, …»). */
export function addressLine(address: ApplicantAddress): string {
  return [address.city, address.district, address.street, address.house, address.flat]
    .filter((part) => part !== undefined)
    .join(', ');
}

export const applicantContactsSchema = z.object({
  email: emailSchema,
  phone: phoneSchema,
  extraEmail: emailSchema.optional(),
  extraPhone: phoneSchema.optional(),
  address: applicantAddressSchema.optional(),
});

export const benefitClaimSchema = z.object({
  categoryCode: z.string().min(1).max(50),
  /**
   * The uploaded files by id and sha256: the signature covers their content. A benefit needs its
   * proof (seed 001: the scanned copies of the documents must be attached).
   */
  attachments: z
    .array(attachmentRefSchema)
    .max(10)
    .refine((attachments) => attachments.length > 0, {
      message: 'A benefit needs its proof documents',
      params: { code: 'benefit_documents_required' },
    }),
  attachmentIds: z.array(z.string()).max(10).optional(),
});

/**
 * "Any kindergarten within `radiusKm` km of home", after the named ones (docs/rules.md, "Ranked
 * preferences"): the home as the parent marked it on the map, in degrees (WGS 84).
 */
export const nearbySchema = z.object({
  radiusKm: z.literal(NEARBY_RADII_KM),
  home: z.object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  }),
});
export type NearbyPreference = z.infer<typeof nearbySchema>;

/** The signed fields of `application.create`. */
export const createApplicationFieldsSchema = z.object({
  districtId: idSchema,
  applicant: applicantContactsSchema,
  child: z.object({ iin: iinSchema }),
  benefit: benefitClaimSchema.optional(),
  /** The month (`YYYY-MM`) from which a place is wanted: no turn before it. Unset: at once. */
  wantedFrom: z.string().regex(MONTH_PATTERN).optional(),
  /**
   * Kindergartens of the district by id, best first (up to five): required where the region's
   * policy ranks (docs/rules.md, "Ranked preferences").
   */
  preferences: z.array(idSchema).max(20).optional(),
  nearby: nearbySchema.optional(),
});
export type CreateApplicationFields = z.infer<typeof createApplicationFieldsSchema>;

export const changeBenefitFieldsSchema = z.object({ benefit: benefitClaimSchema.nullable() });
/** The signed fields of `application.preferences`: the new ranking, best first, and its radius. */
export const changePreferencesFieldsSchema = z.object({
  applicationId: rowIdSchema,
  preferences: z.array(idSchema).max(20),
  /** Unset: no kindergarten beyond the named ones. */
  nearby: nearbySchema.optional(),
});
/** The signed fields of `turn.decline` (docs/rules.md, "Declining a turn"). */
export const declineTurnFieldsSchema = z.object({ applicationId: rowIdSchema });
/** The signed fields of `transfer.request` (docs/rules.md, "Transfers"): kindergartens, best first. */
export const transferFieldsSchema = z.object({
  applicationId: rowIdSchema,
  kindergartenIds: z.array(idSchema).max(20),
});
/** The signed fields of `transfer.withdraw`. */
export const withdrawTransferFieldsSchema = z.object({ applicationId: rowIdSchema });
/** An application's latest transfer request, or null (docs/rules.md, "Transfers"). */
export const transferRequestSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'granted', 'withdrawn']),
    requestedAt: z.string(),
    decidedAt: z.string().nullable(),
    kindergartens: z.array(
      z.object({ id: z.number().int(), nameKk: z.string(), nameRu: z.string() }),
    ),
    /** The kindergarten the child was transferred to, once granted. */
    grantedKindergartenId: z.number().int().nullable(),
  })
  .nullable();
export type TransferRequest = z.infer<typeof transferRequestSchema>;
export const withdrawFieldsSchema = z.object({ reason: z.string().trim().max(500).optional() });
export const attachFieldsSchema = z.object({ childIin: iinSchema });

export const applicationSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    /** The application's name in the public queue (docs/rules.md, "The public queue"). */
    pseudonym: z.string(),
    status: applicationStatusSchema,
    district: z.object({ id: z.number(), name: trilingualNameSchema }),
    child: z.object({ iin: z.string(), fullName: z.string(), birthDate: z.string() }),
    applicant: z.object({
      iin: z.string(),
      fullName: z.string(),
      /** From the person registry; null for an applicant it does not list. */
      birthDate: z.string().nullable(),
      email: z.string(),
      phone: z.string(),
      extraEmail: z.string().nullable(),
      extraPhone: z.string().nullable(),
      /** The address on one line (city, district, street, house, flat), as documents print it. */
      address: z.string().nullable(),
      /** Its parts, for an application registered with them; null for one registered before. */
      addressParts: applicantAddressSchema.nullable(),
    }),
    benefit: z.object({
      categoryCode: z.string().nullable(),
      class: z.enum(['out_of_turn', 'first_priority']).nullable(),
      status: z.enum(['claimed', 'confirmed', 'rejected']).nullable(),
    }),
    groupYear: z.number(),
    queueNumber: z.number().nullable(),
    benefitQueueNumber: z.number().nullable(),
    registeredAt: z.string(),
    /** The e-government portal's (ПЭП) and a public service centre's (ЦОН) numbers, if it came so. */
    pepNumber: z.string().nullable(),
    conNumber: z.string().nullable(),
    lastChangedAt: z.string(),
    interestConfirmedUntil: z.string(),
    stopListedUntil: z.string().nullable(),
    turnUntil: z.string().nullable(),
    /** The month (`YYYY-MM`) from which a place is wanted; null: at once. */
    wantedFrom: z.string().nullable(),
    /** The kindergartens the parent ranked, best first (policy `allocation: ranked`). */
    preferences: z.array(
      z.object({
        rank: z.number(),
        kindergarten: z.object({
          id: z.number(),
          name: z.object({ kk: z.string(), ru: z.string() }),
        }),
      }),
    ),
    /** "Any kindergarten within N km of home" after the ranked ones; null: the ranked alone. */
    nearby: nearbySchema.nullable(),
    /** The child's brothers and sisters attending a kindergarten, by the person registry. */
    siblingsAttending: z.array(
      z.object({
        fullName: z.string(),
        kindergarten: z.object({ kk: z.string(), ru: z.string() }),
      }),
    ),
    /** The newest direction of the application, whatever its status. */
    direction: directionSchema.nullable(),
    actions: z.array(z.enum(APPLICANT_ACTIONS)),
  })
  .meta({ id: 'Application' });
export type Application = z.infer<typeof applicationSchema>;
export const applicationListSchema = z.object({ items: z.array(applicationSchema) });
export const applicationParamsSchema = z.object({ id: rowIdSchema });

export const historyItemSchema = z
  .object({
    at: z.string(),
    event: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    signed: z.boolean(),
  })
  .meta({ id: 'HistoryItem' });
export const historyListSchema = z.object({ items: z.array(historyItemSchema) });

export const documentItemSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    createdAt: z.string(),
    contentType: z.string(),
    /** Null for a generated document not yet read: it is rendered when first downloaded. */
    size: z.number().nullable(),
  })
  .meta({ id: 'DocumentItem' });
export const documentListSchema = z.object({ items: z.array(documentItemSchema) });

export const attachmentSchema = z
  .object({ id: z.string(), sha256: z.string(), size: z.number(), contentType: z.string() })
  .meta({ id: 'Attachment' });

/**
 * When a waiting child's turn is likely (docs/wait-estimates.md): from the turns its class got in
 * its district and group year in the last `months` months and the children of its class ahead.
 * `estimate`: the median and the 90 % bounds in whole months from now; `not_enough_history`: too
 * few months had a turn to read a rate from; `not_waiting`: the child is not in the queue (or is
 * on its turn), and every figure is null.
 */
export const waitEstimateSchema = z
  .object({
    kind: z.enum(['estimate', 'not_enough_history', 'not_waiting']),
    groupYear: z.number(),
    queueClass: z.enum(QUEUE_CLASSES),
    months: z.number(),
    turns: z.number().nullable(),
    ahead: z.number().nullable(),
    medianMonths: z.number().nullable(),
    lowMonths: z.number().nullable(),
    highMonths: z.number().nullable(),
  })
  .meta({ id: 'WaitEstimate' });
export type WaitEstimateView = z.infer<typeof waitEstimateSchema>;
