import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { instantSchema, registryPersonsBodySchema } from '@kezek/contracts';
import { systemClock, type AdjustableClock } from '../clock.ts';
import { Problem } from '../problem.ts';
import { upsertPersons } from '../registry/sql.ts';
import { runDueJobs } from '../jobs/runner.ts';
import { allOutboxMessages } from '../notify/outbox.ts';
import { signTreeHead } from '../transparency/heads.ts';

const durationPattern = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** ISO-8601 durations of days, hours, minutes and seconds: the only ones a test needs. */
function durationMs(duration: string): number {
  const match = durationPattern.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new Problem(400, 'validation_failed', 'Bad duration', [
      {
        path: 'advance',
        code: 'invalid_format',
        message: 'Use an ISO-8601 duration such as P3D or PT2H',
      },
    ]);
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return (((days! * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000;
}

/** Registered only with KEZEK_TEST_API=1; never in production. */
export const testApiRoutes: FastifyPluginAsyncZod<{ clock: AdjustableClock }> = async (
  app,
  { clock },
) => {
  const tags = ['test'];
  const config = { csrf: false };

  app.post(
    '/api/test/clock',
    {
      config,
      schema: {
        tags,
        summary: 'Set or advance the server clock',
        body: z.union([z.object({ now: instantSchema }), z.object({ advance: z.string() })]),
        response: { 200: z.object({ now: z.string() }) },
      },
    },
    async (request) => {
      if ('now' in request.body) clock.set(new Date(request.body.now));
      else clock.advance(durationMs(request.body.advance));
      return { now: clock.now().toISOString() };
    },
  );

  app.post(
    '/api/test/tick',
    {
      config,
      schema: {
        tags,
        summary: 'Run every due deadline job now and say what it did',
        // One count per job (JobsResult): what each sweep did.
        response: { 200: z.record(z.string(), z.number()) },
      },
    },
    async () => ({
      ...(await runDueJobs(app.db, clock, systemClock, app.config.KEZEK_PUBLIC_URL)),
    }),
  );

  app.post(
    '/api/test/log-head',
    {
      config,
      schema: {
        tags,
        summary: 'Run the transparency log’s head job now, by the test clock',
        response: { 200: z.object({ signed: z.boolean() }) },
      },
    },
    // In production it runs by the wall clock's minute (main.ts, transparency/heads.ts).
    async () => ({ signed: (await signTreeHead(app.db, clock, app.logSigner)) !== null }),
  );

  app.get(
    '/api/test/outbox',
    {
      schema: {
        tags,
        summary: 'Messages queued for e-mail, SMS and the app',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                recipient: z.string(),
                language: z.string(),
                subject: z.string(),
                body: z.string(),
                status: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: await allOutboxMessages(app.db),
    }),
  );

  app.post(
    '/api/test/persons',
    {
      config,
      schema: {
        tags,
        summary: 'Add people to the local person registry',
        body: registryPersonsBodySchema,
        response: { 200: z.object({ added: z.number() }) },
      },
    },
    async (request) => {
      await app.db.transaction().execute((trx) => upsertPersons(trx, request.body.persons));
      return { added: request.body.persons.length };
    },
  );
};
