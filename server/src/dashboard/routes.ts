import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardExportQuerySchema,
  dashboardQuerySchema,
  dashboardSchema,
  problemSchema,
} from '@kezek/contracts';
import { officerScope } from '../auth/scope.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { dashboard } from './dashboard.ts';
import { figureCsv, figureXlsx } from './export.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The department's dashboard (docs/dashboard.md): officers see their districts, administrators
 * every district; a district outside the caller's does not exist for them (404).
 */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['department'];
  const department = { preHandler: requireRole('officer', 'admin') };
  const errors = { 400: problemSchema, 404: problemSchema };

  app.get(
    '/api/dashboard',
    {
      ...department,
      schema: {
        tags,
        summary: 'Figures of the queue, places and directions over months, from the summaries',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, ...errors },
      },
    },
    async (request) =>
      dashboard(app.db, officerScope(signedInUser(request)), request.query, app.clock.now()),
  );

  app.get(
    '/api/dashboard/export',
    {
      ...department,
      schema: {
        tags,
        summary: 'One figure of the dashboard as CSV or XLSX, its header in the language asked',
        querystring: dashboardExportQuerySchema,
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const { figure: name, format, lang, ...query } = request.query;
      const figures = await dashboard(
        app.db,
        officerScope(signedInUser(request)),
        query,
        app.clock.now(),
      );
      const figure = figures.figures[name];
      const file = `kezek-${name}-${figures.from}-${figures.to}.${format}`;
      reply.header('content-disposition', `attachment; filename="${file}"`);
      if (format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(figureCsv(figure, lang));
      return reply.type(XLSX_TYPE).send(await figureXlsx(name, figure, lang));
    },
  );
};
