import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  problemSchema,
  refusalDecisionFieldsSchema,
  refusalPageSchema,
  refusalParamsSchema,
  refusalQuerySchema,
  refusalSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { officerScope, requireDistrict } from '../auth/scope.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import { decideRefusal, requireOfficerRefusal } from './decide.ts';
import { refusalById, refusalPage } from './queries.ts';

export const refusalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['refusals'];

  app.get(
    '/api/refusals',
    {
      preHandler: requireRole('officer', 'admin'),
      schema: {
        tags,
        summary:
          'Refusals of the caller’s districts: pending ones oldest first, decided ones newest first',
        querystring: refusalQuerySchema,
        response: { 200: refusalPageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const scope = officerScope(signedInUser(request));
      if (request.query.districtId !== undefined) requireDistrict(scope, request.query.districtId);
      return refusalPage(app.db, scope, request.query);
    },
  );

  signedRowAction(app, {
    preHandler: requireRole('officer', 'admin'),
    tags,
    params: refusalParamsSchema,
    path: '/api/refusals/:id/decision',
    summary: 'Confirm or reject a refusal (signed refusal.decide: { refusalId, confirm, comment })',
    action: 'refusal.decide',
    fields: refusalDecisionFieldsSchema,
    authorize: requireOfficerRefusal,
    command: decideRefusal,
    answer: refusalSchema,
    load: (context, id) => refusalById(context.db, id),
  });
};
