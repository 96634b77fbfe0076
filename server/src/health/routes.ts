import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { livenessSchema, readinessSchema } from '@kezek/contracts';
import { databaseAnswers } from '../db/connection.ts';
import { z } from 'zod';
import { readiness } from './readiness.ts';

const count = z.number().int();
const outcomes = z.object({
  crl: count,
  ocsp: count,
  revoked: count,
  unchecked: count,
  unknown: count,
  crl_invalid: count,
  crl_expired: count,
});

/** The freshness of the revocation data (signature/revocation.ts): warnings come before refusals. */
const revocationSchema = z.object({
  issuers: z.array(
    z.object({
      ca: z.string(),
      state: z.enum(['fresh', 'expiring', 'stale', 'invalid', 'none']),
      nextUpdate: z.string().nullable(),
      secondsLeft: z.number().int().nullable(),
    }),
  ),
  sources: z.array(
    z.object({
      url: z.string(),
      origin: z.enum(['configured', 'ca certificate', 'signer certificate']),
      lastSuccess: z.string().nullable(),
      lastAttempt: z.string().nullable(),
      nextUpdate: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  ocsp: z.string(),
  secondsUntilOldestExpiry: z.number().int().nullable(),
  warnings: z.array(z.string()),
  counters: z.object({
    verifications: outcomes,
    signatures: z.record(z.string(), count),
    crlFetches: z.object({ ok: count, failed: count }),
    ocspRequests: z.object({ ok: count, failed: count }),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health/live',
    {
      schema: {
        tags: ['public'],
        summary: 'Liveness: the process answers (the database is not asked)',
        response: { 200: livenessSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['public'],
        summary: 'Readiness: 200 when this instance can serve, 503 with the reasons otherwise',
        description:
          'Ready when the database answers within 2 s, every migration of this version is ' +
          'applied, and no trusted CA has CRLs that are out of date or fail to verify.',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const answer = await readiness(app.db, app.revocation);
      return reply.code(answer.status === 'ready' ? 200 : 503).send(answer);
    },
  );

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['public'],
        summary:
          'The database answers; how fresh the revocation data is (kept for existing callers)',
        description:
          '`revocation` tells how fresh the CRLs of each trusted CA are: a warning when one ' +
          'expires within KEZEK_REVOCATION_WARN_HOURS or has expired (signatures of that CA are ' +
          'then refused with revocation_unknown unless OCSP answers); the status stays 200.',
        response: {
          200: z.object({
            status: z.literal('ok'),
            db: z.enum(['pglite', 'postgres']),
            revocation: revocationSchema,
          }),
        },
      },
    },
    async () => {
      await databaseAnswers(app.db);
      return { status: 'ok' as const, db: app.dbKind, revocation: app.revocation.health() };
    },
  );
};
