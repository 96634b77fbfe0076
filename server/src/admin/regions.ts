import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createDistrictSchema,
  createRegionSchema,
  createdSchema,
  districtSchema,
  idParamsSchema,
  idSchema,
  problemSchema,
  regionListSchema,
  regionSchema,
  updateDistrictSchema,
  updateRegionSchema,
} from '@kezek/contracts';
import { requireRole } from '../http/guard.ts';
import {
  Problem,
  conflict,
  foreignKeyViolation,
  notFound,
  rethrow,
  uniqueViolation,
} from '../problem.ts';
import { listRegions, toDistrict } from '../reference/sql.ts';
import { auditedChange } from './audit.ts';
import { commandContext } from '../http/context.ts';

const regionCodeTaken = () => conflict('region_code_taken', 'Region code is taken');
const districtNameTaken = () => conflict('district_name_taken', 'District name is taken');
const districtNames = {
  districts_name_ru_unique: districtNameTaken(),
  districts_name_kk_unique: districtNameTaken(),
};

export const regionAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { preHandler: requireRole('admin') };
  const tags = ['admin'];

  app.get(
    '/api/admin/regions',
    {
      ...admin,
      schema: { tags, summary: 'Regions with districts', response: { 200: regionListSchema } },
    },
    async () => ({ items: await listRegions(app.db) }),
  );

  app.post(
    '/api/admin/regions',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create a region (gets the default policy)',
        body: createRegionSchema,
        response: { 201: createdSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { code, name } = request.body;
      const now = app.clock.now();
      const id = await auditedChange(commandContext(request), async (trx) => {
        const row = await trx
          .insertInto('regions')
          .values({ code, name_kk: name.kk, name_ru: name.ru, name_en: name.en, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('region_policies')
          .values({ region_id: row.id, updated_at: now })
          .execute();
        return {
          result: row.id,
          event: 'region.created',
          subjectType: 'region',
          subjectId: row.id,
          before: null,
          after: request.body,
        };
      }).catch((error) =>
        rethrow(error, uniqueViolation(error, { regions_code_key: regionCodeTaken() })),
      );
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/admin/regions/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change a region',
        params: idParamsSchema,
        body: updateRegionSchema,
        response: { 200: regionSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { code, name } = request.body;
      await auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .selectFrom('regions')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound();
        await trx
          .updateTable('regions')
          .set({
            code: code ?? before.code,
            name_kk: name?.kk ?? before.name_kk,
            name_ru: name?.ru ?? before.name_ru,
            name_en: name?.en ?? before.name_en,
          })
          .where('id', '=', id)
          .execute();
        return {
          result: null,
          event: 'region.changed',
          subjectType: 'region',
          subjectId: id,
          before,
          after: request.body,
        };
      }).catch((error) =>
        rethrow(error, uniqueViolation(error, { regions_code_key: regionCodeTaken() })),
      );
      const regions = await listRegions(app.db);
      return regions.find((region) => region.id === id)!;
    },
  );

  app.get(
    '/api/admin/districts',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Districts of a region',
        querystring: z.object({ regionId: idSchema.optional() }),
        response: { 200: z.object({ items: z.array(districtSchema) }) },
      },
    },
    async (request) => {
      const regions = await listRegions(app.db);
      const chosen = regions.filter(
        (r) => request.query.regionId === undefined || r.id === request.query.regionId,
      );
      return { items: chosen.flatMap((region) => region.districts) };
    },
  );

  app.post(
    '/api/admin/districts',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create a district (it keeps its own queue)',
        body: createDistrictSchema,
        response: { 201: createdSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { regionId, name } = request.body;
      const id = await auditedChange(commandContext(request), async (trx) => {
        const row = await trx
          .insertInto('districts')
          .values({
            region_id: regionId,
            name_kk: name.kk,
            name_ru: name.ru,
            name_en: name.en,
            created_at: app.clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return {
          result: row.id,
          event: 'district.created',
          subjectType: 'district',
          subjectId: row.id,
          before: null,
          after: request.body,
        };
      }).catch((error) =>
        rethrow(
          error,
          uniqueViolation(error, districtNames),
          foreignKeyViolation(error, new Problem(422, 'unknown_region', 'Unknown region')),
        ),
      );
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/admin/districts/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Rename a district',
        params: idParamsSchema,
        body: updateDistrictSchema,
        response: { 200: districtSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { name } = request.body;
      return auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .selectFrom('districts')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound();
        const after = await trx
          .updateTable('districts')
          .set({ name_kk: name.kk, name_ru: name.ru, name_en: name.en })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return {
          result: toDistrict(after),
          event: 'district.renamed',
          subjectType: 'district',
          subjectId: id,
          before: toDistrict(before),
          after: request.body,
        };
      }).catch((error) => rethrow(error, uniqueViolation(error, districtNames)));
    },
  );
};
