/**
 * The offers a parent chooses from and the directions issued (docs/rules.md, "Choice and
 * directions"): the server's directions/.
 */
import { z } from 'zod';
import { DIRECTION_STATUSES, FREE_CHOICE_OUTCOMES } from '@kezek/domain';
import {
  DIRECTION_NUMBER_PATTERN,
  languageSchema,
  reasonTextSchema,
  rowIdSchema,
} from './common.ts';
import { kindergartenRefSchema, kindergartenTypeSchema } from './reference.ts';

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
    /**
     * Batched free choice (docs/rules.md, "Batched free choice"): choosing this place registers a
     * request, decided in queue order at this instant; null: the choice takes the place at once.
     */
    decideAt: z.string().nullable(),
  })
  .meta({ id: 'Offer' });
export type Offer = z.infer<typeof offerSchema>;
export const offerListSchema = z.object({ items: z.array(offerSchema) });

export const chooseDirectionFieldsSchema = z.object({
  applicationId: rowIdSchema,
  placeId: rowIdSchema,
});

export const directionSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    applicationId: z.string(),
    kindergarten: kindergartenRefSchema,
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
    /**
     * What an expiry unenrolled brings (docs/rules.md, "Expiry and the stop-list"): the
     * stop-list's working days, and after how many expiries the child leaves the queue; null for
     * a private direction.
     */
    expiry: z
      .object({ stopListWorkingDays: z.number(), removedAfterExpiries: z.number() })
      .nullable(),
    status: z.enum(DIRECTION_STATUSES),
  })
  .meta({ id: 'Direction' });
export type Direction = z.infer<typeof directionSchema>;

/**
 * A batched free-choice request (docs/rules.md, "Batched free choice"): registered by a signed
 * `direction.choose` (202), decided at `decideAt` in queue order. `outcome` null while open.
 */
export const freeChoiceRequestSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    placeId: z.string(),
    kindergarten: z.object({ id: z.number(), name: z.object({ kk: z.string(), ru: z.string() }) }),
    language: languageSchema,
    requestedAt: z.string(),
    decideAt: z.string(),
    windowMinutes: z.number(),
    outcome: z.enum(FREE_CHOICE_OUTCOMES).nullable(),
    decidedAt: z.string().nullable(),
    /** The direction a granted request became. */
    directionNumber: z.string().nullable(),
  })
  .meta({ id: 'FreeChoiceRequest' });
export type FreeChoiceRequest = z.infer<typeof freeChoiceRequestSchema>;
/** The application's newest free-choice request (a replaced one aside), or null. */
export const freeChoiceRequestViewSchema = z.object({
  request: freeChoiceRequestSchema.nullable(),
});

export const directionParamsSchema = z.object({ id: rowIdSchema });
export const extendDirectionFieldsSchema = z.object({
  directionId: rowIdSchema,
  days: z.number().int().min(1).max(90),
});
export const revokeDirectionFieldsSchema = z.object({
  directionId: rowIdSchema,
  reason: reasonTextSchema,
});
/** `NP.<year>.<serial>` as printed on a direction (domain: directionNumber). */
export const directionNumberSchema = z.string().regex(DIRECTION_NUMBER_PATTERN);
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
