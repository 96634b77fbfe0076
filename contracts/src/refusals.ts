/**
 * The kindergarten's refusals, reviewed by the officer of the district (docs/rules.md, "Refusals
 * reviewed by the department"): the server's refusals/.
 */
import { z } from 'zod';
import { bilingualNameSchema, idSchema, pageOf, pageQuerySchema, rowIdSchema } from './common.ts';

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
export const refusalParamsSchema = z.object({ id: rowIdSchema });

/**
 * The signed fields of `refusal.decide` (docs/api.md, "Officer and administrator"; docs/rules.md,
 * "Signed actions"): confirming keeps the child out of the kindergarten; rejecting needs the
 * comment that tells the kindergarten why.
 */
export const refusalDecisionFieldsSchema = z
  .object({
    refusalId: rowIdSchema,
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
