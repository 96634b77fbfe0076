import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  departFieldsSchema,
  enrolmentPageSchema,
  enrolmentParamsSchema,
  enrolmentQuerySchema,
  enrolmentSchema,
  idParamsSchema,
  problemSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { hasKindergarten, readerScope } from '../auth/scope.ts';
import { signedRowAction } from '../http/signed-row-action.ts';
import { pageFrom } from '../http/paging.ts';
import { notFound } from '../problem.ts';
import { recordDeparture, requireStaffEnrolment } from './depart.ts';
import { loadEnrolment, toEnrolment } from './view.ts';
import { enrolmentPage, kindergartenPlace } from './queries.ts';

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

  signedRowAction(app, {
    preHandler: requireRole('staff', 'admin'),
    tags,
    params: enrolmentParamsSchema,
    path: '/api/enrolments/:id/departure',
    summary: 'Mark the child’s departure: the day and the reason (signed enrolment.depart)',
    action: 'enrolment.depart',
    fields: departFieldsSchema,
    authorize: requireStaffEnrolment,
    command: recordDeparture,
    answer: enrolmentSchema,
    load: (context, id) => loadEnrolment(context.db, id),
  });
};
