import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  problemSchema,
  queueImportParamsSchema,
  queueImportSchema,
  queueImportStartSchema,
} from '@kezek/contracts';
import { problemFromIssues } from '../http/errors.ts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { unacceptableText } from '../http/text-guard.ts';
import { found, Problem } from '../problem.ts';
import { QueueImportJobs } from './jobs.ts';

/** A legacy export of a million applications is about 150 MB. */
export const QUEUE_IMPORT_MAX_BYTES = 256 * 1024 * 1024;

export const queueImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const base = { db: app.db, clock: app.clock, pseudonyms: app.pseudonyms };
  const jobs = new QueueImportJobs(base, (error) =>
    app.log.error({ err: error }, 'queue import stopped'),
  );
  app.addHook('onClose', () => jobs.close());
  const admin = { preHandler: requireRole('admin') };
  const tags = ['admin'];
  const errors = { 404: problemSchema, 409: problemSchema };

  app.post(
    '/api/admin/queue-imports',
    {
      ...admin,
      config: { rateLimit: perCaller(LIMITS.upload) },
      schema: {
        tags,
        summary: "Upload a legacy system's queue export (CSV); its validation starts at once",
        consumes: ['multipart/form-data'],
        response: {
          202: queueImportSchema,
          400: problemSchema,
          409: problemSchema,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new Problem(415, 'unsupported_media_type', 'Send the file as multipart/form-data');
      const file = await request.file({ limits: { fileSize: QUEUE_IMPORT_MAX_BYTES, files: 1 } });
      if (!file || file.fieldname !== 'file')
        throw new Problem(400, 'validation_failed', 'The form needs a file field', [
          { path: 'file', code: 'required', message: 'Choose a file' },
        ]);
      const badName = unacceptableText(file.filename, 'file');
      if (badName.length > 0) throw problemFromIssues(badName);
      const content = await file.toBuffer();
      const id = await jobs.upload(`user:${signedInUser(request).id}`, file.filename, content);
      return reply.code(202).send(await found(jobs.view(id)));
    },
  );

  app.get(
    '/api/admin/queue-imports/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'An import: its state, progress (rows, rate, time left) and refused rows',
        params: queueImportParamsSchema,
        response: { 200: queueImportSchema, ...errors },
      },
    },
    async (request) => found(jobs.view(request.params.id)),
  );

  app.post(
    '/api/admin/queue-imports/:id/start',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Import a validated file: all of it when clean, or only its clean rows',
        params: queueImportParamsSchema,
        body: queueImportStartSchema,
        response: { 202: queueImportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await found(jobs.view(id));
      await jobs.start(`user:${signedInUser(request).id}`, id, request.body.onlyClean);
      return reply.code(202).send(await found(jobs.view(id)));
    },
  );

  app.get(
    '/api/admin/queue-imports/:id/rejected.csv',
    {
      ...admin,
      schema: {
        tags,
        summary: "The refused rows: the file's columns, the row number and the problems",
        params: queueImportParamsSchema,
        response: { 200: z.string(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await found(jobs.view(id));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kezek-import-${id}-rejected.csv"`)
        .send(await jobs.rejected(id));
    },
  );
};
