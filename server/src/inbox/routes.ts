import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inboxListSchema, inboxQuerySchema, type InboxMessage } from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { idCursor } from '../http/paging.ts';
import { inboxPage } from './queries.ts';

/** The in-app copies of the caller's notifications (outbox channel `inapp`), newest first. */
export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/messages',
    {
      preHandler: requireRole('applicant', 'staff', 'officer', 'admin'),
      schema: {
        tags: ['messages'],
        summary: 'My notifications, newest first',
        querystring: inboxQuerySchema,
        response: { 200: inboxListSchema },
      },
    },
    async (request) => {
      const { limit } = request.query;
      const cursor = idCursor(request.query.cursor);
      const rows = await inboxPage(app.db, signedInUser(request).id, limit, cursor);
      const page = rows.slice(0, limit);
      return {
        items: page.map((row): InboxMessage => ({
          id: row.id,
          subject: row.subject,
          body: row.body,
          language: row.language as InboxMessage['language'],
          createdAt: row.created_at.toISOString(),
        })),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );
};
