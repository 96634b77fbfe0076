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
  workspaceDirectionSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { readerScope, staffScope } from '../auth/scope.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import { loadEnrolment } from '../enrolments/view.ts';
import { refusalById } from '../refusals/queries.ts';
import { acceptDirection } from './accept.ts';
import { requestRefusal } from './refuse.ts';
import { childCardOf, requireStaffDirection, searchDirection } from './direction.ts';

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

  /** A signed action on a direction to one of the caller's kindergartens. */
  const onStaffDirection = {
    preHandler: requireRole('staff', 'admin'),
    params: directionParamsSchema,
    authorize: requireStaffDirection,
  };

  signedRowAction(app, {
    ...onStaffDirection,
    tags,
    path: '/api/directions/:id/accept',
    summary: 'Enrol the child (signed direction.accept)',
    action: 'direction.accept',
    fields: acceptDirectionFieldsSchema,
    command: acceptDirection,
    answer: enrolmentSchema,
    load: (context, _directionId, enrolmentId) => loadEnrolment(context.db, enrolmentId),
  });

  signedRowAction(app, {
    ...onStaffDirection,
    tags: ['refusals'],
    path: '/api/directions/:id/refuse',
    summary: 'Refuse the child with a reason (signed direction.refuse): the officer reviews it',
    action: 'direction.refuse',
    fields: refuseDirectionFieldsSchema,
    command: requestRefusal,
    answer: refusalSchema,
    load: (context, _directionId, refusalId) => refusalById(context.db, refusalId),
  });
};
