import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  archivePageSchema,
  archiveQuerySchema,
  applicationSearchQuerySchema,
  applicationSearchResultSchema,
  departmentKindergartenListSchema,
  departmentKindergartenQuerySchema,
  problemSchema,
  queuePageSchema,
  queueGroupYearsQuerySchema,
  queueGroupYearsSchema,
  queueQuerySchema,
} from '@kezek/contracts';
import type { PriorityRatio } from '@kezek/domain';
import { loadDistrictPolicy } from '../admin/policy.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { officerScope, requireDistrict } from '../auth/scope.ts';
import { requestLanguage } from '../http/errors.ts';
import { notFound } from '../problem.ts';
import { departmentKindergartens } from './kindergartens.ts';
import { queuePage, waitingByGroupYear } from './queue.ts';
import { searchApplications } from './search.ts';
import { archivePage } from './archive.ts';
import { queueScope } from './queue-scope.ts';

export const departmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['department'];
  const department = { preHandler: requireRole('officer', 'admin') };
  // The queue and the archive: the department's, and the staff's of their kindergartens' districts.
  const queueReaders = { preHandler: requireRole('officer', 'admin', 'staff') };
  const requireQueueDistrict = async (request: FastifyRequest, districtId: number) =>
    requireDistrict(await queueScope(app.db, signedInUser(request)), districtId);

  app.get(
    '/api/queue',
    {
      ...queueReaders,
      schema: {
        tags,
        summary: 'The ordered queue of a district and group year, keyset-paged',
        querystring: queueQuerySchema,
        response: { 200: queuePageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { districtId } = request.query;
      await requireQueueDistrict(request, districtId);
      const policy = await loadDistrictPolicy(app.db, districtId);
      if (!policy) throw notFound();
      return queuePage(app.db, {
        ...request.query,
        ratio: policy.firstPriorityRatio as PriorityRatio,
      });
    },
  );

  app.get(
    '/api/queue/group-years',
    {
      ...queueReaders,
      schema: {
        tags,
        summary: 'The group years of a district with children waiting, and how many',
        querystring: queueGroupYearsQuerySchema,
        response: { 200: queueGroupYearsSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { districtId } = request.query;
      await requireQueueDistrict(request, districtId);
      return { items: await waitingByGroupYear(app.db, districtId) };
    },
  );

  app.get(
    '/api/archive',
    {
      ...queueReaders,
      schema: {
        tags,
        summary: 'A district’s applications that no longer wait, newest first, keyset-paged',
        querystring: archiveQuerySchema,
        response: { 200: archivePageSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      await requireQueueDistrict(request, request.query.districtId);
      return archivePage(app.db, request.query);
    },
  );

  app.get(
    '/api/applications/search',
    {
      ...department,
      schema: {
        tags,
        summary: 'Applications of my districts by the child’s IIN or the number, with history',
        querystring: applicationSearchQuerySchema,
        response: { 200: applicationSearchResultSchema, 400: problemSchema },
      },
    },
    async (request) => ({
      items: await searchApplications(
        app.db,
        officerScope(signedInUser(request)),
        request.query,
        app.clock.now(),
        app.pseudonyms,
      ),
    }),
  );

  app.get(
    '/api/department/kindergartens',
    {
      ...department,
      schema: {
        tags,
        summary: 'The kindergartens of my districts with their free places',
        querystring: departmentKindergartenQuerySchema,
        response: { 200: departmentKindergartenListSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const scope = officerScope(signedInUser(request));
      if (request.query.districtId !== undefined) requireDistrict(scope, request.query.districtId);
      return {
        items: await departmentKindergartens(
          app.db,
          scope,
          request.query.districtId,
          requestLanguage(request),
        ),
      };
    },
  );
};
