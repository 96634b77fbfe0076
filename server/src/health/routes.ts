import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { databaseAnswers } from '../db/connection.ts';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['public'],
        summary: 'Ready when this answers 200',
        response: {
          200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }),
        },
      },
    },
    async () => {
      await databaseAnswers(app.db);
      return { status: 'ok' as const, db: app.dbKind };
    },
  );
};
