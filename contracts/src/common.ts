import { z } from 'zod';
import { isValidIin } from '@kezek/domain';

/** Codes carried by zod issues that the server turns into a 422 with that problem `code`. */
export const RULE_ISSUE_CODES = ['invalid_iin', 'benefit_documents_required'] as const;
export type RuleIssueCode = (typeof RULE_ISSUE_CODES)[number];

export const iinSchema = z
  .string()
  .refine(isValidIin, { message: 'IIN is not valid', params: { code: 'invalid_iin' } })
  .meta({ description: 'Kazakh personal number (ЖСН / ИИН), 12 digits', example: '061211600012' });

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

const nameText = z.string().trim().min(1).max(300);
export const trilingualNameSchema = z.object({ kk: nameText, ru: nameText, en: nameText });
export const bilingualNameSchema = z.object({ kk: nameText, ru: nameText });
export type TrilingualName = z.infer<typeof trilingualNameSchema>;

export const idSchema = z.coerce.number().int().positive();
export const idParamsSchema = z.object({ id: idSchema });
export const createdSchema = z.object({ id: z.number().int() });

export const dateSchema = z.iso.date().meta({ description: 'Calendar date YYYY-MM-DD' });
export const instantSchema = z.iso.datetime({ offset: true });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const phoneSchema = z
  .string()
  .regex(/^\+7\d{10}$/, { message: 'Phone must be +7 and 10 digits' });
export const emailSchema = z.email().max(254);

/** A row id as a string: at most 18 digits, so that it always fits a bigint column. */
export const rowIdSchema = z.string().regex(/^\d{1,18}$/);
/** A reason a person writes and signs (a revocation, a refusal, a departure). */
export const reasonTextSchema = z.string().trim().min(3).max(500);
/** `NP.<year>.<serial>` as printed on a direction (domain: directionNumber). */
export const DIRECTION_NUMBER_PATTERN = /^NP\.\d{4}\.\d{6}$/;
/** `UO.<year>.<serial>.<check>` as printed on an application. */
export const APPLICATION_NUMBER_PATTERN = /^UO\.\d{4}\.\d{6}\.\d$/;

/** Exactly one of the two look-up keys, as the manuals' search type (by IIN or by number). */
export function oneKey<T extends z.ZodRawShape>(
  shape: T,
  keys: [keyof T & string, keyof T & string],
) {
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

/** A look-up key typed in any case, compared in capitals. */
export const upperCased = (pattern: RegExp) =>
  z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(pattern));
