import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import {
  adminKindergartenPageSchema,
  adminKindergartenQuerySchema,
  adminKindergartenSchema,
  createKindergartenSchema,
  createdSchema,
  idParamsSchema,
  problemSchema,
  updateKindergartenSchema,
  type CreateKindergarten,
} from '@kezek/contracts';
import { requireRole } from '../http/guard.ts';
import type { KindergartensTable } from '../db/schema.ts';
import { requestLanguage } from '../http/errors.ts';
import { afterKeyset, decodeCursor, orderByKeyset, pageFrom } from '../http/paging.ts';
import {
  Problem,
  conflict,
  foreignKeyViolation,
  notFound,
  rethrow,
  uniqueViolation,
} from '../problem.ts';
import { kindergartenNameColumn, toKindergarten } from '../reference/sql.ts';
import { auditedChange } from './audit.ts';
import { commandContext } from '../http/context.ts';

const nameTaken = () =>
  conflict('kindergarten_name_taken', 'Kindergarten name is taken in this district');
const explain = (error: unknown) =>
  rethrow(
    error,
    uniqueViolation(error, {
      kindergartens_name_ru_unique: nameTaken(),
      kindergartens_name_kk_unique: nameTaken(),
    }),
    foreignKeyViolation(error, new Problem(422, 'unknown_district', 'Unknown district')),
  );

function toAdminKindergarten(row: Selectable<KindergartensTable>) {
  return { ...toKindergarten(row), email: row.email, ownerIin: row.owner_iin, bin: row.bin };
}

function columnsOf(body: Partial<CreateKindergarten>): Updateable<KindergartensTable> {
  const columns = {
    district_id: body.districtId,
    name_kk: body.name?.kk,
    name_ru: body.name?.ru,
    type: body.type,
    languages: body.languages,
    address: body.address,
    lat: body.lat,
    lon: body.lon,
    phone: body.phone,
    website: body.website,
    email: body.email,
    owner_iin: body.ownerIin,
    bin: body.bin,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

export const kindergartenAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { preHandler: requireRole('admin') };
  const tags = ['admin'];

  app.get(
    '/api/admin/kindergartens',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Kindergartens with filters and keyset paging',
        querystring: adminKindergartenQuerySchema,
        response: { 200: adminKindergartenPageSchema },
      },
    },
    async (request) => {
      const { districtId, type, language, q, limit, cursor } = request.query;
      const sortColumn = kindergartenNameColumn(requestLanguage(request));
      const after = decodeCursor(cursor);
      let query = app.db.selectFrom('kindergartens').selectAll();
      if (districtId !== undefined) query = query.where('district_id', '=', districtId);
      if (type !== undefined) query = query.where('type', '=', type);
      if (language !== undefined) query = query.where(sql<boolean>`${language} = any(languages)`);
      if (q) {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb('name_kk', 'ilike', pattern),
            eb('name_ru', 'ilike', pattern),
            eb('address', 'ilike', pattern),
          ]),
        );
      }
      if (after) query = query.where(afterKeyset(sortColumn, 'kindergartens.id', after));
      const rows = await query
        .orderBy(orderByKeyset(sortColumn))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return pageFrom(rows, limit, toAdminKindergarten, (row) => ({
        sort: sortColumn.endsWith('name_kk') ? row.name_kk : row.name_ru,
        id: row.id,
      }));
    },
  );

  app.get(
    '/api/admin/kindergartens/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'One kindergarten',
        params: idParamsSchema,
        response: { 200: adminKindergartenSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await app.db
        .selectFrom('kindergartens')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw notFound();
      return toAdminKindergarten(row);
    },
  );

  app.post(
    '/api/admin/kindergartens',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create a kindergarten',
        body: createKindergartenSchema,
        response: { 201: createdSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const now = app.clock.now();
      const id = await auditedChange(commandContext(request), async (trx) => {
        const row = await trx
          .insertInto('kindergartens')
          .values({
            ...(columnsOf(request.body) as Insertable<KindergartensTable>),
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return {
          result: row.id,
          event: 'kindergarten.created',
          subjectType: 'kindergarten',
          subjectId: row.id,
          before: null,
          after: toAdminKindergarten(row),
        };
      }).catch(explain);
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/admin/kindergartens/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change a kindergarten',
        params: idParamsSchema,
        body: updateKindergartenSchema,
        response: {
          200: adminKindergartenSchema,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      return auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .selectFrom('kindergartens')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound();
        const after = await trx
          .updateTable('kindergartens')
          .set({ ...columnsOf(request.body), updated_at: app.clock.now() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const result = toAdminKindergarten(after);
        return {
          result,
          event: 'kindergarten.changed',
          subjectType: 'kindergarten',
          subjectId: id,
          before: toAdminKindergarten(before),
          after: result,
        };
      }).catch(explain);
    },
  );
};
