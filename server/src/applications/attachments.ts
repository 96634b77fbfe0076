import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { attachmentSchema, problemSchema } from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { problemFromIssues } from '../http/errors.ts';
import { unacceptableText } from '../http/text-guard.ts';
import type { Db } from '../db/connection.ts';
import { SWEEP_BOUNDS, deleteClaimedBatches, type SweepBounds } from '../db/sweep.ts';
import { LIMITS, perCaller } from '../http/limits.ts';
import { Problem, unprocessable } from '../problem.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** The accepted types and the file name endings each may have. */
const ACCEPTED: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};
/** A scan of an A4 page at 600 dpi has 35 M pixels; a larger image is a decompression bomb. */
export const IMAGE_MAX_PIXELS = 40_000_000;
export const IMAGE_MAX_SIDE = 12_000;

/** Reads the dimensions from the image header, without decoding a single pixel. */
function checkImageSize(content: Buffer): void {
  let size: { width: number; height: number };
  try {
    size = imageSize(content);
  } catch {
    throw new Problem(415, 'unsupported_media_type', 'The image cannot be read');
  }
  if (
    size.width > IMAGE_MAX_SIDE ||
    size.height > IMAGE_MAX_SIDE ||
    size.width * size.height > IMAGE_MAX_PIXELS
  ) {
    throw new Problem(422, 'image_too_large', 'The image has too many pixels');
  }
}

/**
 * What one person may keep uploaded and not yet attached to an application: a benefit needs a few
 * scans, never hundreds of megabytes. Unattached uploads are deleted after a day
 * (sweepUnattachedUploads).
 */
const UPLOAD_QUOTA = { files: 20, bytes: 50 * 1024 * 1024 } as const;

const quotaExceeded = () =>
  unprocessable(
    'upload_quota_exceeded',
    `At most ${UPLOAD_QUOTA.files} files and ${UPLOAD_QUOTA.bytes / 1024 / 1024} MB may wait to be attached`,
  );

async function unattachedUploads(db: Db, userId: number) {
  const row = await db
    .selectFrom('documents')
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn.coalesce(eb.fn.sum<string>('size'), eb.val('0')).as('bytes'),
    ])
    .where('owner_user_id', '=', userId)
    .where('kind', '=', 'attachment')
    .where('application_id', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), bytes: Number(row.bytes) };
}

/** Deletes the uploads never attached to an application, a day after they came, in bounded batches. */
export function sweepUnattachedUploads(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  const before = new Date(now.getTime() - 24 * 3_600_000);
  return deleteClaimedBatches(
    db,
    {
      table: 'documents',
      key: 'id',
      stale: (eb) =>
        eb.and([
          eb('kind', '=', 'attachment'),
          eb('application_id', 'is', null),
          eb('created_at', '<', before),
        ]),
    },
    bounds,
  );
}

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/attachments',
    {
      preHandler: requireRole('applicant'),
      config: { rateLimit: perCaller(LIMITS.upload) },
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
          422: problemSchema,
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
      // The file name comes with the stream, after the request-wide text guard (app.ts).
      const badName = unacceptableText(file.filename, 'file');
      if (badName.length > 0) throw problemFromIssues(badName);
      const held = await unattachedUploads(app.db, user.id);
      if (held.count >= UPLOAD_QUOTA.files || held.bytes >= UPLOAD_QUOTA.bytes)
        throw quotaExceeded();
      const content = await file.toBuffer();
      if (held.bytes + content.length > UPLOAD_QUOTA.bytes) throw quotaExceeded();
      // The type is read from the bytes, not from the name or the browser's claim.
      const sniffed = await fileTypeFromBuffer(content);
      const endings = sniffed && ACCEPTED[sniffed.mime];
      if (!sniffed || !endings) {
        throw new Problem(
          415,
          'unsupported_media_type',
          'Only PDF, JPEG and PNG files are accepted',
        );
      }
      // A name that says another type is a disguise (a PNG named .pdf, a PDF named .png).
      const ending = /\.([^.]+)$/.exec(file.filename)?.[1]?.toLowerCase();
      if (!ending || !endings.includes(ending)) {
        throw new Problem(415, 'file_type_mismatch', 'The file name does not match its content');
      }
      if (sniffed.mime !== 'application/pdf') checkImageSize(content);
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
