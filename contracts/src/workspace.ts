/**
 * The kindergarten workspace (docs/rules.md, "Kindergarten workspace"): checking a direction to one
 * of my kindergartens, accepting or refusing the child. The server's workspace/.
 */
import { z } from 'zod';
import { DIRECTION_ACTIONS } from '@kezek/domain';
import {
  DIRECTION_NUMBER_PATTERN,
  idSchema,
  iinSchema,
  oneKey,
  reasonTextSchema,
  rowIdSchema,
  upperCased,
} from './common.ts';
import { directionSchema } from './directions.ts';
import { refusalSchema } from './refusals.ts';

export const directionSearchQuerySchema = oneKey(
  {
    kindergartenId: idSchema,
    iin: iinSchema.optional(),
    number: upperCased(DIRECTION_NUMBER_PATTERN).optional(),
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
  directionId: rowIdSchema,
  /** A benefit-class direction: the proof documents were seen and are recent enough. */
  benefitDocumentsChecked: z.boolean().optional(),
});

/** The signed fields of `direction.refuse`. */
export const refuseDirectionFieldsSchema = z.object({
  directionId: rowIdSchema,
  reason: reasonTextSchema,
});
