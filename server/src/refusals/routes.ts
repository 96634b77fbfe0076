import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  problemSchema,
  refusalDecisionFieldsSchema,
  refusalPageSchema,
  refusalParamsSchema,
  refusalQuerySchema,
  refusalSchema,
  signedBodySchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { officerScope, requireDistrict } from '../auth/scope.ts';
import { signedAction } from '../http/signed-action.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import { decideRefusal, requireOfficerRefusal } from './decide.ts';
import { refusalById, refusalPage } from './queries.ts';
import { commandContext } from '../http/context.ts';

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

  app.post(
    '/api/refusals/:id/decision',
    {
      preHandler: requireRole('officer', 'admin'),
      schema: {
        tags,
        summary:
          'Confirm or reject a refusal (signed refusal.decide: { refusalId, confirm, comment })',
        params: refusalParamsSchema,
        body: signedBodySchema,
        response: { 200: refusalSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      await signedAction(
        request,
        request.body.cms,
        {
          action: 'refusal.decide',
          fields: refusalDecisionFieldsSchema,
          authorize: () => requireOfficerRefusal(commandContext(request), request.params.id),
        },
        (signed) => decideRefusal(commandContext(request), request.params.id, signed),
      );
      return refusalById(app.db, request.params.id);
    },
  );
};
