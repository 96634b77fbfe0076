import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createPlacesSchema,
  groupYearsQuerySchema,
  groupYearsSchema,
  placeBatchSchema,
  placeListSchema,
  placeQuerySchema,
  problemSchema,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../http/guard.ts';
import { pageById } from '../http/paging.ts';
import { placesKindergarten } from './kindergarten.ts';
import { releasePlaces } from './release.ts';
import { transferServer } from '../transfers/grant.ts';
import { placeBatch, placeBatchPage, toPlaceBatch } from './queries.ts';
import { commandContext } from '../http/context.ts';

export const placeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['places'];

  app.post(
    '/api/places',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary:
          'Add free places (immutable once saved); the next children in the queue get the turn',
        body: createPlacesSchema,
        response: { 201: placeBatchSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const context = commandContext(request);
      // Open transfer requests that rank the kindergarten first (docs/rules.md, "Transfers").
      const transfers = transferServer(context.user.id, app.config.KEZEK_PUBLIC_URL);
      const { batchId, turnsGiven } = await releasePlaces(context, request.body, transfers);
      const row = await placeBatch(app.db, batchId);
      return reply.code(201).send({ ...toPlaceBatch(row), turnsGiven });
    },
  );

  app.get(
    '/api/places/group-years',
    {
      preHandler: requireRole('staff', 'admin'),
      schema: {
        tags,
        summary:
          'The group years a kindergarten can add free places for today (the region’s age limit)',
        querystring: groupYearsQuerySchema,
        response: { 200: groupYearsSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { kindergartenId } = request.query;
      const { groupYears } = await placesKindergarten(
        commandContext(request),
        kindergartenId,
        app.clock.now(),
      );
      return { items: groupYears };
    },
  );

  app.get(
    '/api/places',
    {
      preHandler: requireRole('staff', 'officer', 'admin'),
      schema: {
        tags,
        summary: 'The free places base, newest first, within the caller’s scope',
        querystring: placeQuerySchema,
        response: { 200: placeListSchema },
      },
    },
    async (request) => {
      const rows = await placeBatchPage(app.db, signedInUser(request), request.query);
      return pageById(rows, request.query.limit, toPlaceBatch);
    },
  );
};
