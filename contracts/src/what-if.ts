/**
 * What-if (docs/what-if.md): a release, or a new kindergarten with its groups, tried against a
 * copy of today's queue — the real release run in a transaction that is rolled back — without
 * changing anything.
 */
import { z } from 'zod';
import { QUEUE_CLASSES } from '@kezek/domain';
import { idSchema, languageSchema } from './common.ts';

const groupSchema = z.object({
  groupYear: z.number().int().min(2015).max(2100),
  language: languageSchema,
  count: z.number().int().min(1).max(500),
});

export const whatIfRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('release'), kindergartenId: idSchema, ...groupSchema.shape }),
    z.object({
      kind: z.literal('new_kindergarten'),
      districtId: idSchema,
      groups: z.array(groupSchema).min(1).max(12),
    }),
  ])
  .meta({ id: 'WhatIfRequest' });

const countByClass = z.object(
  Object.fromEntries(QUEUE_CLASSES.map((queueClass) => [queueClass, z.number().int()])) as Record<
    (typeof QUEUE_CLASSES)[number],
    z.ZodNumber
  >,
);

export const whatIfResultSchema = z
  .object({
    districtId: z.number().int(),
    groups: z.array(
      groupSchema.extend({
        /** The queue numbers of the children who would get a turn, in the order given. */
        turns: z.array(z.number().int()),
        byClass: countByClass,
        /** Places nobody in the queue would get a turn for: open to free choice. */
        toFreeChoice: z.number().int(),
        /** Places open transfer requests would take first. */
        transfers: z.number().int(),
      }),
    ),
    /** Per group year touched: the median wait so far of the children still waiting, in days. */
    medianWait: z.array(
      z.object({
        groupYear: z.number().int(),
        waitingBefore: z.number().int(),
        waitingAfter: z.number().int(),
        medianDaysBefore: z.number().nullable(),
        medianDaysAfter: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'WhatIfResult' });
