import { z } from 'zod';
import { ALLOCATION_MODES, KINDERGARTEN_TYPES } from '@kezek/domain';
import {
  bilingualNameSchema,
  idSchema,
  iinSchema,
  trilingualNameSchema,
  languageSchema,
} from './common.ts';

export const districtSchema = z
  .object({ id: z.number().int(), regionId: z.number().int(), name: trilingualNameSchema })
  .meta({ id: 'District' });
export type District = z.infer<typeof districtSchema>;

export const regionSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: trilingualNameSchema,
    districts: z.array(districtSchema),
    /** How the region gives places (its policy): the form asks for ranked kindergartens. */
    allocation: z.enum(ALLOCATION_MODES),
  })
  .meta({ id: 'Region' });
export type Region = z.infer<typeof regionSchema>;
export const regionListSchema = z.object({ items: z.array(regionSchema) });

export { KINDERGARTEN_TYPES };
export const kindergartenTypeSchema = z.enum(KINDERGARTEN_TYPES);
/** A kindergarten as a place or a direction names it: id, names and type. */
export const kindergartenRefSchema = z.object({
  id: z.number(),
  name: z.object({ kk: z.string(), ru: z.string() }),
  type: kindergartenTypeSchema,
});
export type KindergartenType = z.infer<typeof kindergartenTypeSchema>;

export const kindergartenSchema = z
  .object({
    id: z.number().int(),
    districtId: z.number().int(),
    name: bilingualNameSchema,
    type: kindergartenTypeSchema,
    languages: z.array(languageSchema),
    address: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
  })
  .meta({ id: 'Kindergarten' });
export type Kindergarten = z.infer<typeof kindergartenSchema>;

export const kindergartenQuerySchema = z.object({
  districtId: idSchema.optional(),
  type: kindergartenTypeSchema.optional(),
  language: languageSchema.optional(),
});
export const kindergartenListSchema = z.object({ items: z.array(kindergartenSchema) });

export const registryPersonSchema = z.object({
  iin: iinSchema,
  lastName: z.string().trim().min(1).max(100),
  firstName: z.string().trim().min(1).max(100),
  middleName: z.string().trim().max(100).optional(),
  parentIins: z.array(iinSchema).max(4).optional(),
});
export type RegistryPerson = z.infer<typeof registryPersonSchema>;
export const registryPersonsBodySchema = z.object({
  persons: z.array(registryPersonSchema).min(1).max(10_000),
});

export const personSchema = z
  .object({
    iin: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    fullName: z.string(),
    birthDate: z.string(),
    sex: z.enum(['male', 'female']),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;
export const personParamsSchema = z.object({ iin: iinSchema });
export const personListSchema = z.object({ items: z.array(personSchema) });

/** What the web app needs to know of the server's settings before anyone signs in. */
export const publicConfigSchema = z
  .object({
    /** The map tiles' `{z}/{x}/{y}` template, or null when the map is off. */
    mapTiles: z.string().nullable(),
  })
  .meta({ id: 'PublicConfig' });
export type PublicConfig = z.infer<typeof publicConfigSchema>;
