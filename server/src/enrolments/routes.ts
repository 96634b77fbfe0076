import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
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
import { requireRole, signedInUser } from '../auth/guard.ts';
import { hasKindergarten, readerScope } from '../auth/scope.ts';
import { signedAction } from '../eds/signed-action.ts';
import { SIGNED_ACTION_PROBLEMS } from '../http/responses.ts';
import { decodeCursor, pageFrom } from '../http/paging.ts';
import { notFound } from '../http/problem.ts';
import { fullNameOf } from '../db/names.ts';
import { recordDeparture, requireStaffEnrolment } from './depart.ts';
import { enrolmentRows, loadEnrolment, toEnrolment } from './view.ts';
import { commandContext } from '../http/context.ts';

const childName = fullNameOf('child');
const likePattern = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

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
      const { q, groupYear, state, limit, cursor } = request.query;
      const kindergarten = await app.db
        .selectFrom('kindergartens')
        .select(['id', 'district_id'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (
        !kindergarten ||
        !hasKindergarten(
          readerScope(signedInUser(request)),
          kindergarten.id,
          kindergarten.district_id,
        )
      )
        throw notFound();
      const after = decodeCursor(cursor);
      let query = enrolmentRows(app.db).where('e.kindergarten_id', '=', kindergarten.id);
      if (groupYear !== undefined) query = query.where('e.group_year', '=', groupYear);
      if (state === 'current') query = query.where('e.departed_on', 'is', null);
      if (state === 'departed') query = query.where('e.departed_on', 'is not', null);
      if (q) {
        query = /^\d+$/.test(q)
          ? query.where('e.child_iin', 'like', `${q}%`)
          : query.where(sql<boolean>`${childName} ilike ${`%${likePattern(q)}%`}`);
      }
      if (after) {
        query = query.where(
          sql<boolean>`(${childName} collate kezek_names, e.id) > (${after.sort} collate kezek_names, ${after.id})`,
        );
      }
      const rows = await query
        .orderBy(sql`${childName} collate kezek_names`)
        .orderBy('e.id')
        .limit(limit + 1)
        .execute();
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
