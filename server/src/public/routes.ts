import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  applicationParamsSchema,
  problemSchema,
  publicConfigSchema,
  publicQueuePageSchema,
  publicQueuePlaceQuerySchema,
  publicQueuePlaceSchema,
  publicQueueQuerySchema,
} from '@kezek/contracts';
import { instructionsPdf } from '../documents/instructions.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { mapTiles } from './map.ts';
import { publicQueuePage, publicQueuePlace } from './queue.ts';

export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/public/config',
    {
      schema: {
        tags: ['public'],
        summary: 'The settings the web app needs before sign-in (the map tiles)',
        response: { 200: publicConfigSchema },
      },
    },
    async () => ({ mapTiles: mapTiles(app.config) }),
  );
  const cache = new Map<string, Buffer>();
  app.get(
    '/api/public/instructions/:file',
    {
      schema: {
        tags: ['public'],
        summary: 'The applicant’s instructions for registering a child (PDF, Kazakh or Russian)',
        params: z.object({ file: z.enum(['kk.pdf', 'ru.pdf']) }),
        response: { 200: z.instanceof(Buffer) },
      },
    },
    async (request, reply) => {
      const language = request.params.file === 'kk.pdf' ? 'kk' : 'ru';
      const pdf = cache.get(language) ?? (await instructionsPdf(language));
      cache.set(language, pdf);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="kezek-instructions-${language}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/public/queue',
    {
      config: { rateLimit: perCaller(LIMITS.publicQueue) },
      schema: {
        tags: ['public'],
        summary: 'The public queue of a district and group year, by pseudonym, keyset-paged',
        querystring: publicQueueQuerySchema,
        response: { 200: publicQueuePageSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request) => publicQueuePage(app.db, app.pseudonyms, request.query),
  );

  app.get(
    '/api/applications/:id/public-queue',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['public'],
        summary: 'Where my application stands in the public queue: the page that holds its row',
        params: applicationParamsSchema,
        querystring: publicQueuePlaceQuerySchema,
        response: { 200: publicQueuePlaceSchema, 404: problemSchema },
      },
    },
    async (request) =>
      publicQueuePlace(
        app.db,
        app.pseudonyms,
        signedInUser(request).id,
        request.params.id,
        request.query.limit,
      ),
  );
};
