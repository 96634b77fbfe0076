import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import {
  kindergartenListSchema,
  kindergartenQuerySchema,
  regionListSchema,
} from '@kezek/contracts';
import { requestLanguage } from '../http/errors.ts';
import { orderByKeyset } from '../http/paging.ts';
import { kindergartenNameColumn, listRegions, toKindergarten } from './sql.ts';

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
      const { districtId, type, language } = request.query;
      let query = app.db.selectFrom('kindergartens').selectAll();
      if (districtId !== undefined) query = query.where('district_id', '=', districtId);
      if (type !== undefined) query = query.where('type', '=', type);
      if (language !== undefined) query = query.where(sql<boolean>`${language} = any(languages)`);
      const rows = await query
        .orderBy(orderByKeyset(kindergartenNameColumn(requestLanguage(request))))
        .orderBy('id')
        .limit(2000)
        .execute();
      return { items: rows.map(toKindergarten) };
    },
  );
};
