import { z } from 'zod';
import { DIRECTION_STATUSES } from '@kezek/domain';
import { dateSchema, idSchema, languageSchema, pageQuerySchema } from './common.ts';
import { kindergartenTypeSchema } from './reference.ts';

export const PLACE_STATES = ['waiting', 'free_choice'] as const;

export const createPlacesSchema = z.object({
  kindergartenId: idSchema,
  groupYear: z.number().int().min(2015).max(2100),
  language: languageSchema,
  count: z.number().int().min(1).max(500),
});

export const placeBatchSchema = z
  .object({
    id: z.string(),
    kindergarten: z.object({
      id: z.number(),
      name: z.object({ kk: z.string(), ru: z.string() }),
      type: kindergartenTypeSchema,
    }),
    groupYear: z.number(),
    language: languageSchema,
    total: z.number(),
    free: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    turnUntil: z.string(),
    state: z.enum(PLACE_STATES),
    turnsGiven: z.number().optional(),
  })
  .meta({ id: 'PlaceBatch' });
export type PlaceBatch = z.infer<typeof placeBatchSchema>;

export const placeQuerySchema = pageQuerySchema.extend({
  kindergartenId: idSchema.optional(),
  groupYear: z.coerce.number().int().optional(),
  language: languageSchema.optional(),
  type: kindergartenTypeSchema.optional(),
  state: z.enum(PLACE_STATES).optional(),
  /** Added on or after this day, and on or before `addedTo` (calendar days in Almaty). */
  addedFrom: dateSchema.optional(),
  addedTo: dateSchema.optional(),
});
export const placeListSchema = z.object({
  items: z.array(placeBatchSchema),
  nextCursor: z.string().nullable(),
});

export const groupYearsQuerySchema = z.object({ kindergartenId: idSchema });
export const groupYearsSchema = z
  .object({
    items: z.array(z.number().int()).meta({
      description:
        'Birth years of the children under the region’s age limit today, oldest first: the group years places can be added for',
    }),
  })
  .meta({ id: 'GroupYears' });

export const offerSchema = z
  .object({
    placeId: z.string(),
    kindergarten: z.object({
      id: z.number(),
      name: z.object({ kk: z.string(), ru: z.string() }),
      type: kindergartenTypeSchema,
      address: z.string(),
      lat: z.number().nullable(),
      lon: z.number().nullable(),
    }),
    groupYear: z.number(),
    language: languageSchema,
    free: z.number(),
    mode: z.enum(['turn', 'free_choice']),
  })
  .meta({ id: 'Offer' });
export type Offer = z.infer<typeof offerSchema>;
export const offerListSchema = z.object({ items: z.array(offerSchema) });

/** A row id as a string: at most 18 digits, so that it always fits a bigint column. */
const rowIdSchema = z.string().regex(/^\d{1,18}$/);

export const chooseDirectionFieldsSchema = z.object({
  applicationId: rowIdSchema,
  placeId: rowIdSchema,
});

export const directionSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    applicationId: z.string(),
    kindergarten: z.object({
      id: z.number(),
      name: z.object({ kk: z.string(), ru: z.string() }),
      type: kindergartenTypeSchema,
    }),
    groupYear: z.number(),
    language: languageSchema,
    issuedAt: z.string(),
    expiresAt: z.string(),
    extendedUntil: z.string().nullable(),
    /**
     * Until when the applicant may revoke it (docs/rules.md, "Choice and directions"); null when
     * revoking is not open.
     */
    revocableUntil: z.string().nullable(),
    /** The most days an extension may add now; null when it cannot be extended (any more). */
    extensionMaxDays: z.number().nullable(),
    /** For a benefit-class direction: how old the proof documents may be, in calendar days. */
    benefitDocMaxAgeDays: z.number().nullable(),
    status: z.enum(DIRECTION_STATUSES),
  })
  .meta({ id: 'Direction' });
export type Direction = z.infer<typeof directionSchema>;

export const directionParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/) });
export const extendDirectionFieldsSchema = z.object({
  directionId: rowIdSchema,
  days: z.number().int().min(1).max(90),
});
export const revokeDirectionFieldsSchema = z.object({
  directionId: rowIdSchema,
  reason: z.string().trim().min(3).max(500),
});
/** `NP.<year>.<serial>` as printed on a direction (domain: directionNumber). */
export const directionNumberSchema = z.string().regex(/^NP\.\d{4}\.\d{6}$/);
/** The short code printed next to the QR code: letters and digits that cannot be misread. */
export const verifyCodeSchema = z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/);
export const directionVerificationQuerySchema = z.object({ code: verifyCodeSchema });

export const directionVerificationSchema = z
  .object({
    number: z.string(),
    genuine: z.literal(true),
    live: z.boolean(),
    status: z.enum(DIRECTION_STATUSES),
    kindergarten: z.object({ kk: z.string(), ru: z.string() }),
    groupYear: z.number(),
    issuedAt: z.string(),
    validUntil: z.string(),
  })
  .meta({ id: 'DirectionVerification' });
