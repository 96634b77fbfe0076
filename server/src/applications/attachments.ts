import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import { attachmentSchema, problemSchema } from '@kezek/contracts';
import { requireRole, signedInUser } from '../auth/guard.ts';
import { Problem } from '../http/problem.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/attachments',
    {
      preHandler: requireRole('applicant'),
      schema: {
        tags: ['applications'],
        summary:
          'Upload a proof document (PDF, JPEG or PNG, at most 10 MB), before signing the application',
        consumes: ['multipart/form-data'],
        response: {
          201: attachmentSchema,
          400: problemSchema,
          413: problemSchema,
          415: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const user = signedInUser(request);
      if (!request.isMultipart())
        throw new Problem(415, 'unsupported_media_type', 'Send the file as multipart/form-data');
      const file = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });
      if (!file || file.fieldname !== 'file')
        throw new Problem(400, 'validation_failed', 'The form needs a file field', [
          { path: 'file', code: 'required', message: 'Choose a file' },
        ]);
      const content = await file.toBuffer();
      // The type is read from the bytes, not from the name or the browser's claim.
      const sniffed = await fileTypeFromBuffer(content);
      if (!sniffed || !ACCEPTED.has(sniffed.mime)) {
        throw new Problem(
          415,
          'unsupported_media_type',
          'Only PDF, JPEG and PNG files are accepted',
        );
      }
      const sha256 = createHash('sha256').update(content).digest('hex');
      const row = await app.db
        .insertInto('documents')
        .values({
          owner_user_id: user.id,
          application_id: null,
          kind: 'attachment',
          language: 'kk',
          title: file.filename.slice(0, 200) || 'attachment',
          content_type: sniffed.mime,
          sha256,
          size: content.length,
          content,
          created_at: app.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return reply
        .code(201)
        .send({ id: row.id, sha256, size: content.length, contentType: sniffed.mime });
    },
  );
};
