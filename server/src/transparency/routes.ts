import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  consistencyProofQuerySchema,
  consistencyProofSchema,
  inclusionProofQuerySchema,
  inclusionProofSchema,
  logEntriesQuerySchema,
  logEntriesSchema,
  logKeySchema,
  problemSchema,
  signedTreeHeadSchema,
} from '@kezek/contracts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { notFound } from '../problem.ts';
import { newestTreeHead } from './heads.ts';
import { consistencyProof, inclusionProof, logEntries } from './log.ts';

/**
 * The transparency log, anonymous and read-only (docs/transparency.md, "Endpoints"), limited
 * like the public queue: a verifier reads it page by page.
 */
export const logRoutes: FastifyPluginAsyncZod = async (app) => {
  const common = { config: { rateLimit: perCaller(LIMITS.publicQueue) } } as const;
  const failures = { 400: problemSchema, 422: problemSchema, 429: problemSchema };
  app.get(
    '/api/public/log/head',
    {
      ...common,
      schema: {
        tags: ['public'],
        summary: 'The newest signed tree head of the transparency log',
        response: { 200: signedTreeHeadSchema, 404: problemSchema, 429: problemSchema },
      },
    },
    async () => (await newestTreeHead(app.db)) ?? Promise.reject(notFound()),
  );
  app.get(
    '/api/public/log/key',
    {
      ...common,
      schema: {
        tags: ['public'],
        summary: 'The public key the tree heads are signed with',
        response: { 200: logKeySchema, 429: problemSchema },
      },
    },
    async () => app.logSigner.key,
  );
  app.get(
    '/api/public/log/entries',
    {
      ...common,
      schema: {
        tags: ['public'],
        summary: 'Leaves start..end of the transparency log (canonical JSON of each event)',
        querystring: logEntriesQuerySchema,
        response: { 200: logEntriesSchema, ...failures },
      },
    },
    async (request) => logEntries(app.db, request.query.start, request.query.end),
  );
  app.get(
    '/api/public/log/proof/inclusion',
    {
      ...common,
      schema: {
        tags: ['public'],
        summary: 'The audit path of a leaf in a tree of the given size (RFC 9162 2.1.3)',
        querystring: inclusionProofQuerySchema,
        response: { 200: inclusionProofSchema, ...failures },
      },
    },
    async (request) => inclusionProof(app.db, request.query.leafIndex, request.query.treeSize),
  );
  app.get(
    '/api/public/log/proof/consistency',
    {
      ...common,
      schema: {
        tags: ['public'],
        summary: 'That a tree of `second` leaves extends the tree of `first` (RFC 9162 2.1.4)',
        querystring: consistencyProofQuerySchema,
        response: { 200: consistencyProofSchema, ...failures },
      },
    },
    async (request) => consistencyProof(app.db, request.query.first, request.query.second),
  );
};
