/** Places the kindergartens release (docs/rules.md, "Places and turns"): the server's places/. */
import { z } from 'zod';
import { dateSchema, idSchema, languageSchema, pageQuerySchema } from './common.ts';
import { kindergartenRefSchema, kindergartenTypeSchema } from './reference.ts';

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
    kindergarten: kindergartenRefSchema,
    groupYear: z.number(),
    language: languageSchema,
    total: z.number(),
    free: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    turnUntil: z.string(),
    state: z.enum(PLACE_STATES),
    turnsGiven: z.number().optional(),
    /** A place given back to the kindergarten's base by a transfer (docs/rules.md, "Transfers"). */
    fromTransfer: z.boolean().optional(),
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
