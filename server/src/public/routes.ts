import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicConfigSchema } from '@kezek/contracts';
import { instructionsPdf } from '../documents/instructions.ts';
import { mapTiles } from './map.ts';

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
};
