import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { endOfLocalDay, startOfLocalDay } from '@kezek/domain';
import {
  createPlacesSchema,
  groupYearsQuerySchema,
  groupYearsSchema,
  placeBatchSchema,
  placeListSchema,
  placeQuerySchema,
  problemSchema,
  type PlaceBatch,
} from '@kezek/contracts';
import { requireRole, signedInUser } from '../auth/guard.ts';
import type { Db } from '../db/connection.ts';
import { idCursor } from '../http/paging.ts';
import { placesKindergarten } from './kindergarten.ts';
import { releasePlaces } from './release.ts';
import { commandContext } from '../http/context.ts';

function batchRows(db: Db) {
  return db
    .selectFrom('place_batches as b')
    .innerJoin('kindergartens as k', 'k.id', 'b.kindergarten_id')
    .innerJoin('users as u', 'u.id', 'b.created_by')
    .select([
      'b.id',
      'b.group_year',
      'b.language',
      'b.total',
      'b.free',
      'b.state',
      'b.turn_until',
      'b.created_at',
      'k.id as kindergarten_id',
      'k.name_kk',
      'k.name_ru',
      'k.type',
      'k.district_id',
      'u.full_name as created_by',
    ]);
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchRows>['execute']>>[number];

function toPlaceBatch(row: BatchRow): PlaceBatch {
  return {
    id: row.id,
    kindergarten: {
      id: row.kindergarten_id,
      name: { kk: row.name_kk, ru: row.name_ru },
      type: row.type as PlaceBatch['kindergarten']['type'],
    },
    groupYear: row.group_year,
    language: row.language as PlaceBatch['language'],
    total: row.total,
    free: row.free,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    turnUntil: row.turn_until.toISOString(),
    state: row.state as PlaceBatch['state'],
  };
}

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
      const { batchId, turnsGiven } = await releasePlaces(commandContext(request), request.body);
      const row = await batchRows(app.db).where('b.id', '=', batchId).executeTakeFirstOrThrow();
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
      const user = signedInUser(request);
      const { kindergartenId, groupYear, language, type, state, addedFrom, addedTo } =
        request.query;
      const { limit, cursor } = request.query;
      let query = batchRows(app.db);
      // Staff see their kindergartens, officers their districts, administrators everything.
      if (!user.roles.includes('admin')) {
        const kindergartens = user.roles.includes('staff') ? user.kindergartenIds : [];
        const districts = user.roles.includes('officer') ? user.districtIds : [];
        query = query.where((eb) =>
          eb.or([
            eb('b.kindergarten_id', 'in', kindergartens.length ? kindergartens : [-1]),
            eb('b.district_id', 'in', districts.length ? districts : [-1]),
          ]),
        );
      }
      if (kindergartenId !== undefined)
        query = query.where('b.kindergarten_id', '=', kindergartenId);
      if (groupYear !== undefined) query = query.where('b.group_year', '=', groupYear);
      if (language !== undefined) query = query.where('b.language', '=', language);
      if (type !== undefined) query = query.where('k.type', '=', type);
      if (state !== undefined) query = query.where('b.state', '=', state);
      if (addedFrom !== undefined)
        query = query.where('b.created_at', '>=', startOfLocalDay(addedFrom));
      if (addedTo !== undefined) query = query.where('b.created_at', '<=', endOfLocalDay(addedTo));
      const after = idCursor(cursor);
      if (after !== undefined) query = query.where('b.id', '<', after);
      const rows = await query
        .orderBy('b.id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        items: page.map(toPlaceBatch),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  );
};
