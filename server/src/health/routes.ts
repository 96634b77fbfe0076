import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { databaseAnswers } from '../db/connection.ts';
import { z } from 'zod';

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
    crlFetches: z.object({ ok: count, failed: count }),
    ocspRequests: z.object({ ok: count, failed: count }),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['public'],
        summary: 'Ready when this answers 200',
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
