import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  problemSchema,
  protocolCsvQuerySchema,
  protocolQuerySchema,
  protocolSchema,
} from '@kezek/contracts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { protocolCsv } from './csv.ts';
import { protocol } from './protocol.ts';

/** Public protocols (docs/rules.md, "Public protocols"): anyone may read them. */
export const protocolRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: problemSchema, 422: problemSchema, 429: problemSchema };
  app.get(
    '/api/public/protocols',
    {
      config: { rateLimit: perCaller(LIMITS.publicProtocols) },
      schema: {
        tags: ['public'],
        summary: 'A district’s place batches and directions issued in a period, by pseudonym',
        querystring: protocolQuerySchema,
        response: { 200: protocolSchema, ...errors },
      },
    },
    async (request) => protocol(app.db, app.pseudonyms, request.query),
  );
  app.get(
    '/api/public/protocols.csv',
    {
      config: { rateLimit: perCaller(LIMITS.publicProtocols) },
      schema: {
        tags: ['public'],
        summary: 'The same protocol as CSV, with a header row in the language asked',
        querystring: protocolCsvQuerySchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      const csv = await protocolCsv(app.db, app.pseudonyms, query, lang);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="kezek-protocol-${query.districtId}-${query.from}-${query.to}.csv"`,
        )
        .send(csv);
    },
  );
};
