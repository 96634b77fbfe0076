import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import {
  createStaffSchema,
  createdSchema,
  idParamsSchema,
  problemSchema,
  staffAccountSchema,
  staffPageSchema,
  staffQuerySchema,
  updateStaffSchema,
} from '@kezek/contracts';
import type { z } from 'zod';
import { WORK_ROLES, isWorkRole, withWorkRole } from '@kezek/domain';
import { requireRole } from '../http/guard.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Db, Trx } from '../db/connection.ts';
import { afterKeyset, decodeCursor, orderByKeyset, pageFrom } from '../http/paging.ts';
import { Problem, conflict, notFound, rethrow, uniqueViolation } from '../problem.ts';
import { auditedChange } from './audit.ts';
import { commandContext } from '../http/context.ts';

type StaffAccount = z.infer<typeof staffAccountSchema>;

const explain = (error: unknown) => {
  const pgError = error as { code?: string; constraint?: string };
  rethrow(
    error,
    uniqueViolation(error, {
      users_iin_key: conflict('staff_iin_taken', 'An account with this IIN exists'),
    }),
    pgError.code === '23503' && pgError.constraint?.startsWith('user_kindergartens')
      ? new Problem(422, 'unknown_kindergarten', 'Unknown kindergarten')
      : null,
    pgError.code === '23503' && pgError.constraint?.startsWith('user_districts')
      ? new Problem(422, 'unknown_district', 'Unknown district')
      : null,
  );
};

function staffQuery(db: Db) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'iin',
      'full_name',
      'roles',
      'active',
      'created_at',
      sql<
        number[]
      >`coalesce((select array_agg(kindergarten_id order by kindergarten_id) from user_kindergartens where user_id = users.id), '{}')`.as(
        'kindergarten_ids',
      ),
      sql<
        number[]
      >`coalesce((select array_agg(district_id order by district_id) from user_districts where user_id = users.id), '{}')`.as(
        'district_ids',
      ),
    ])
    .where(sql<boolean>`roles && ${sql.val(WORK_ROLES)}::text[]`);
}

type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['execute']>>[number];

function toStaffAccount(row: StaffRow): StaffAccount {
  return {
    id: row.id,
    iin: row.iin,
    fullName: row.full_name,
    role: row.roles.find(isWorkRole) ?? 'staff',
    kindergartenIds: row.kindergarten_ids,
    districtIds: row.district_ids,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

async function replaceScopes(
  trx: Trx,
  userId: number,
  kindergartenIds?: number[],
  districtIds?: number[],
) {
  if (kindergartenIds) {
    await trx.deleteFrom('user_kindergartens').where('user_id', '=', userId).execute();
    if (kindergartenIds.length) {
      await trx
        .insertInto('user_kindergartens')
        .values(
          [...new Set(kindergartenIds)].map((id) => ({ user_id: userId, kindergarten_id: id })),
        )
        .execute();
    }
  }
  if (districtIds) {
    await trx.deleteFrom('user_districts').where('user_id', '=', userId).execute();
    if (districtIds.length) {
      await trx
        .insertInto('user_districts')
        .values([...new Set(districtIds)].map((id) => ({ user_id: userId, district_id: id })))
        .execute();
    }
  }
}

async function loadStaff(trx: Trx, id: number): Promise<StaffAccount | undefined> {
  const row = await staffQuery(trx).where('id', '=', id).executeTakeFirst();
  return row && toStaffAccount(row);
}

export const staffAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { preHandler: requireRole('admin') };
  const tags = ['admin'];

  app.get(
    '/api/admin/staff',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Staff, officer and administrator accounts',
        querystring: staffQuerySchema,
        response: { 200: staffPageSchema },
      },
    },
    async (request) => {
      const { role, q, limit, cursor } = request.query;
      const after = decodeCursor(cursor);
      let query = staffQuery(app.db);
      if (role) query = query.where(sql<boolean>`${role} = any(roles)`);
      if (q) {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([eb('full_name', 'ilike', pattern), eb('iin', 'like', pattern)]),
        );
      }
      if (after) query = query.where(afterKeyset('users.full_name', 'users.id', after));
      const rows = await query
        .orderBy(orderByKeyset('users.full_name'))
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      return pageFrom(rows, limit, toStaffAccount, (row) => ({ sort: row.full_name, id: row.id }));
    },
  );

  app.post(
    '/api/admin/staff',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create an account',
        body: createStaffSchema,
        response: { 201: createdSchema, 409: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const { iin, fullName, password, role, kindergartenIds, districtIds } = request.body;
      const passwordHash = await hashPassword(password);
      const now = app.clock.now();
      const id = await auditedChange(commandContext(request), async (trx) => {
        const parent = await trx
          .selectFrom('users')
          .select(['id', 'roles'])
          .where('iin', '=', iin)
          .forUpdate()
          .executeTakeFirst();
        if (parent?.roles.some(isWorkRole))
          throw conflict('staff_iin_taken', 'An account with this IIN exists');
        // A parent who signed in before becomes an employee on the same account, keeping the
        // citizen role and the name from the person registry (docs/rules.md, "Accounts and roles").
        const row = parent
          ? await trx
              .updateTable('users')
              .set({
                roles: withWorkRole(parent.roles, role),
                password_hash: passwordHash,
                active: true,
                updated_at: now,
              })
              .where('id', '=', parent.id)
              .returning('id')
              .executeTakeFirstOrThrow()
          : await trx
              .insertInto('users')
              .values({
                iin,
                full_name: fullName,
                roles: [role],
                password_hash: passwordHash,
                created_at: now,
                updated_at: now,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
        await replaceScopes(trx, row.id, kindergartenIds, districtIds);
        const after = await loadStaff(trx, row.id);
        return {
          result: row.id,
          event: parent ? 'staff.added_to_parent' : 'staff.created',
          subjectType: 'user',
          subjectId: row.id,
          before: parent ? { roles: parent.roles } : null,
          after,
        };
      }).catch(explain);
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/admin/staff/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change, reset the password of, or deactivate an account',
        params: idParamsSchema,
        body: updateStaffSchema,
        response: { 200: staffAccountSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { fullName, password, role, kindergartenIds, districtIds, active } = request.body;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      return auditedChange(commandContext(request), async (trx) => {
        const before = await loadStaff(trx, id);
        if (!before) throw notFound();
        const { roles } = await trx
          .selectFrom('users')
          .select('roles')
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('users')
          .set({
            ...(fullName !== undefined && { full_name: fullName }),
            // Administration changes the work role only: the citizen role stays.
            ...(role !== undefined && { roles: withWorkRole(roles, role) }),
            ...(passwordHash !== undefined && { password_hash: passwordHash }),
            ...(active !== undefined && { active }),
            updated_at: app.clock.now(),
          })
          .where('id', '=', id)
          .execute();
        await replaceScopes(trx, id, kindergartenIds, districtIds);
        // A deactivated account or a new password ends every open session of that account.
        if (active === false || passwordHash !== undefined) {
          await trx
            .deleteFrom('sessions')
            .where(sql<boolean>`(data->>'userId')::int = ${id}`)
            .execute();
        }
        const after = (await loadStaff(trx, id))!;
        const event = active === false ? 'staff.deactivated' : 'staff.changed';
        return {
          result: after,
          event,
          subjectType: 'user',
          subjectId: id,
          before,
          after: { ...after, passwordReset: passwordHash !== undefined },
        };
      }).catch(explain);
    },
  );
};
