import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationParamsSchema, problemSchema, waitEstimateSchema } from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { waitEstimate } from './estimate.ts';

/** Wait estimates (docs/wait-estimates.md): an applicant's own applications only. */
export const estimateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/applications/:id/wait-estimate',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['applications'],
        summary: 'When my waiting child’s turn is likely: median and 90 % bounds, in months',
        params: applicationParamsSchema,
        response: { 200: waitEstimateSchema, 404: problemSchema },
      },
    },
    async (request) =>
      waitEstimate(app.db, signedInUser(request).id, request.params.id, app.clock.now()),
  );
};
