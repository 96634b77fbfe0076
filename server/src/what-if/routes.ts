import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema, whatIfRequestSchema, whatIfResultSchema } from '@kezek/contracts';
import { commandContext } from '../http/context.ts';
import { requireRole } from '../http/guard.ts';
import { transferServer } from '../transfers/grant.ts';
import { whatIf } from './what-if.ts';

/** The department's planning desk: a release tried without changing anything (docs/what-if.md). */
export const whatIfRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/department/what-if',
    {
      preHandler: requireRole('officer', 'admin'),
      schema: {
        tags: ['department'],
        summary:
          'What a release, or a new kindergarten with its groups, would do to today’s queue: the real release, rolled back',
        body: whatIfRequestSchema,
        response: { 200: whatIfResultSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const context = commandContext(request);
      // The same transfers the real release serves first; their papers are rolled back too.
      const transfers = transferServer(context.user.id, app.config.KEZEK_PUBLIC_URL);
      return whatIf(context, request.body, transfers);
    },
  );
};
