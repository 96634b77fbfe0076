import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptDirectionFieldsSchema,
  directionParamsSchema,
  directionSearchQuerySchema,
  enrolmentSchema,
  problemSchema,
  refusalSchema,
  refuseDirectionFieldsSchema,
  signedBodySchema,
  workspaceDirectionSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { readerScope, staffScope } from '../auth/scope.ts';
import { signedAction } from '../http/signed-action.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import { loadEnrolment } from '../enrolments/view.ts';
import { refusalById } from '../refusals/queries.ts';
import { acceptDirection } from './accept.ts';
import { requestRefusal } from './refuse.ts';
import { childCardOf, requireStaffDirection, searchDirection } from './direction.ts';
import { commandContext } from '../http/context.ts';

export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['workspace'];

  app.get(
    '/api/directions/search',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary: 'A direction to one of my kindergartens, by the child’s IIN or its number',
        querystring: directionSearchQuerySchema,
        response: { 200: workspaceDirectionSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) =>
      searchDirection(
        app.db,
        staffScope(signedInUser(request)),
        request.query,
        request.server.clock.now(),
      ),
  );

  app.get(
    '/api/directions/:id/child-card',
    {
      preHandler: requireRole('staff', 'officer', 'admin'),
      schema: {
        tags,
        summary: 'The child card (PDF) issued with the direction',
        params: directionParamsSchema,
        response: { 200: z.instanceof(Buffer), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const card = await childCardOf(app.db, readerScope(signedInUser(request)), request.params.id);
      return reply
        .type(card.contentType)
        .header(
          'content-disposition',
          `attachment; filename="child-card-${card.directionNumber}.pdf"`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(card.content);
    },
  );

  app.post(
    '/api/directions/:id/accept',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary: 'Enrol the child (signed direction.accept)',
        params: directionParamsSchema,
        body: signedBodySchema,
        response: { 200: enrolmentSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      const enrolmentId = await signedAction(
        request,
        request.body.cms,
        {
          action: 'direction.accept',
          fields: acceptDirectionFieldsSchema,
          authorize: () => requireStaffDirection(commandContext(request), request.params.id),
        },
        (signed) => acceptDirection(commandContext(request), request.params.id, signed),
      );
      return loadEnrolment(app.db, enrolmentId);
    },
  );

  app.post(
    '/api/directions/:id/refuse',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags: ['refusals'],
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
      return refusalById(app.db, refusalId);
    },
  );
};
