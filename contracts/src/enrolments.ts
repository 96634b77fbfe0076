/** The enrolled list and departures (docs/rules.md, "Kindergarten workspace"): the server's enrolments/. */
import { z } from 'zod';
import { dateSchema, pageOf, pageQuerySchema, reasonTextSchema, rowIdSchema } from './common.ts';

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
export const enrolmentParamsSchema = z.object({ id: rowIdSchema });

/**
 * The signed fields of `enrolment.depart`: the date and the reason (docs/rules.md, "Kindergarten
 * workspace").
 */
export const departFieldsSchema = z.object({
  enrolmentId: rowIdSchema,
  date: dateSchema,
  reason: reasonTextSchema,
});
