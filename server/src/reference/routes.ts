import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  kindergartenListSchema,
  kindergartenQuerySchema,
  regionListSchema,
} from '@kezek/contracts';
import { requestLanguage } from '../http/errors.ts';
import { listKindergartens, listRegions, toKindergarten } from './sql.ts';

export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['reference'],
        summary: 'Regions with their districts',
        response: { 200: regionListSchema },
      },
    },
    async () => ({ items: await listRegions(app.db) }),
  );

  app.get(
    '/api/kindergartens',
    {
      schema: {
        tags: ['reference'],
        summary: 'Kindergartens, filtered by district, type and language',
        querystring: kindergartenQuerySchema,
        response: { 200: kindergartenListSchema },
      },
    },
    async (request) => {
      const rows = await listKindergartens(app.db, request.query, requestLanguage(request));
      return { items: rows.map(toKindergarten) };
    },
  );
};
