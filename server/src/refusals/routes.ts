import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  directionParamsSchema,
  problemSchema,
  refusalDecisionFieldsSchema,
  refusalPageSchema,
  refusalParamsSchema,
  refusalQuerySchema,
  refusalSchema,
  refuseDirectionFieldsSchema,
  signedBodySchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { inScope, officerScope, requireDistrict } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';
import { signedAction } from '../http/signed-action.ts';
import { requireStaffDirection } from '../workspace/direction.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import { Problem } from '../http/problem.ts';
import { decideRefusal, requireOfficerRefusal } from './decide.ts';
import { requestRefusal } from './request.ts';
import { refusalRows, toRefusal } from './view.ts';
import { commandContext } from '../http/context.ts';

async function loadRefusal(db: Db, id: string) {
  return toRefusal(await refusalRows(db).where('r.id', '=', id).executeTakeFirstOrThrow());
}

export const refusalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['refusals'];

  app.post(
    '/api/directions/:id/refuse',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary: 'Refuse the child with a reason (signed direction.refuse): the officer reviews it',
        params: directionParamsSchema,
        body: signedBodySchema,
        response: { 200: refusalSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      const refusalId = await signedAction(
        request,
        request.body.cms,
        {
          action: 'direction.refuse',
          fields: refuseDirectionFieldsSchema,
          authorize: () => requireStaffDirection(commandContext(request), request.params.id),
        },
        (signed) => requestRefusal(commandContext(request), request.params.id, signed),
      );
      return loadRefusal(app.db, refusalId);
    },
  );

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
      const { status, districtId, limit, cursor } = request.query;
      const scope = officerScope(signedInUser(request));
      if (districtId !== undefined) requireDistrict(scope, districtId);
      if (cursor !== undefined && !/^\d{1,18}$/.test(cursor))
        throw new Problem(400, 'validation_failed', 'Bad cursor', [
          { path: 'cursor', code: 'invalid_cursor', message: 'Bad cursor' },
        ]);
      const oldestFirst = status === 'pending';
      let query = refusalRows(app.db)
        .where('r.status', '=', status)
        .where(inScope(scope, { district: 'r.district_id' }));
      if (districtId !== undefined) query = query.where('r.district_id', '=', districtId);
      if (cursor !== undefined) query = query.where('r.id', oldestFirst ? '>' : '<', cursor);
      const rows = await query
        .orderBy('r.id', oldestFirst ? 'asc' : 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map(toRefusal),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
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
      return loadRefusal(app.db, request.params.id);
    },
  );
};
