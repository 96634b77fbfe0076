import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  departFieldsSchema,
  enrolmentPageSchema,
  enrolmentParamsSchema,
  enrolmentQuerySchema,
  enrolmentSchema,
  idParamsSchema,
  problemSchema,
  signedBodySchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { hasKindergarten, readerScope } from '../auth/scope.ts';
import { signedAction } from '../http/signed-action.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import { pageFrom } from '../http/paging.ts';
import { notFound } from '../problem.ts';
import { recordDeparture, requireStaffEnrolment } from './depart.ts';
import { loadEnrolment, toEnrolment } from './view.ts';
import { enrolmentPage, kindergartenPlace } from './queries.ts';
import { commandContext } from '../http/context.ts';

export const enrolmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['enrolments'];

  app.get(
    '/api/kindergartens/:id/enrolments',
    {
      preHandler: requireRole('staff', 'officer', 'admin'),
      schema: {
        tags,
        summary: 'The enrolled list of a kindergarten, by the child’s name, with keyset paging',
        params: idParamsSchema,
        querystring: enrolmentQuerySchema,
        response: { 200: enrolmentPageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { limit } = request.query;
      const kindergarten = await kindergartenPlace(app.db, request.params.id);
      if (
        !kindergarten ||
        !hasKindergarten(
          readerScope(signedInUser(request)),
          kindergarten.id,
          kindergarten.district_id,
        )
      )
        throw notFound();
      const rows = await enrolmentPage(app.db, kindergarten.id, request.query);
      return pageFrom(rows, limit, toEnrolment, (row) => ({
        sort: row.child_name,
        id: Number(row.id),
      }));
    },
  );

  app.post(
    '/api/enrolments/:id/departure',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary: 'Mark the child’s departure: the day and the reason (signed enrolment.depart)',
        params: enrolmentParamsSchema,
        body: signedBodySchema,
        response: { 200: enrolmentSchema, ...SIGNED_ACTION_PROBLEMS },
      },
    },
    async (request) => {
      await signedAction(
        request,
        request.body.cms,
        {
          action: 'enrolment.depart',
          fields: departFieldsSchema,
          authorize: () => requireStaffEnrolment(commandContext(request), request.params.id),
        },
        (signed) => recordDeparture(commandContext(request), request.params.id, signed),
      );
      return loadEnrolment(app.db, request.params.id);
    },
  );
};
