import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { policyQuerySchema, policySchema, problemSchema } from '@kezek/contracts';
import type { RegionPolicy } from '@kezek/domain';
import { requireRole } from '../http/guard.ts';
import type { Db } from '../db/connection.ts';
import type { RegionPoliciesTable } from '../db/schema.ts';
import { notFound } from '../problem.ts';
import { auditedChange } from './audit.ts';
import { commandContext } from '../http/context.ts';

function toPolicy(row: Selectable<RegionPoliciesTable>): RegionPolicy {
  const [first, general] = row.first_priority_ratio;
  return {
    ageLimitYears: row.age_limit_years,
    turnWindowDays: row.turn_window_days,
    enrolWorkingDays: row.enrol_working_days,
    stopListWorkingDays: row.stop_list_working_days,
    maxExpiries: row.max_expiries,
    extensionMaxDays: row.extension_max_days,
    revokeHours: row.revoke_hours,
    interestMonths: row.interest_months,
    firstPriorityRatio: [first!, general!],
    privateMinAgeYears: row.private_min_age_years,
    benefitDocMaxAgeDays: row.benefit_doc_max_age_days,
    allocation: row.allocation,
    freeChoice: row.free_choice,
    freeChoiceWindowMinutes: row.free_choice_window_minutes,
    siblingPriority: row.sibling_priority,
  };
}

/**
 * Every region has a policy row from its creation on (its defaults: docs/rules.md, "Region
 * policy").
 */
export async function loadPolicy(db: Db, regionId: number): Promise<RegionPolicy | null> {
  const row = await db
    .selectFrom('region_policies')
    .selectAll()
    .where('region_id', '=', regionId)
    .executeTakeFirst();
  return row ? toPolicy(row) : null;
}

/** The policy of a district's region, in one statement; null for a district that does not exist. */
export async function loadDistrictPolicy(db: Db, districtId: number): Promise<RegionPolicy | null> {
  const row = await db
    .selectFrom('region_policies as p')
    .innerJoin('districts as d', 'd.region_id', 'p.region_id')
    .selectAll('p')
    .where('d.id', '=', districtId)
    .executeTakeFirst();
  return row ? toPolicy(row) : null;
}

/** Region policies read once each for the caller's work: a sweep meets the same regions often. */
export function policyLoader(db: Db): (regionId: number) => Promise<RegionPolicy> {
  const loaded = new Map<number, RegionPolicy>();
  return async (regionId) => {
    let policy = loaded.get(regionId);
    if (!policy) {
      policy = (await loadPolicy(db, regionId))!;
      loaded.set(regionId, policy);
    }
    return policy;
  };
}

export const policyAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['admin'];

  app.get(
    '/api/admin/policy',
    {
      preHandler: requireRole('admin', 'officer'),
      schema: {
        tags,
        summary: 'The rules of a region',
        querystring: policyQuerySchema,
        response: { 200: policySchema, 404: problemSchema },
      },
    },
    async (request) => {
      const policy = await loadPolicy(app.db, request.query.regionId);
      if (!policy) throw notFound();
      return policy;
    },
  );

  app.put(
    '/api/admin/policy',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Change the rules of a region',
        querystring: policyQuerySchema,
        body: policySchema,
        response: { 200: policySchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { regionId } = request.query;
      const policy = request.body;
      return auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .selectFrom('region_policies')
          .selectAll()
          .where('region_id', '=', regionId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound();
        const after = await trx
          .updateTable('region_policies')
          .set({
            age_limit_years: policy.ageLimitYears,
            turn_window_days: policy.turnWindowDays,
            enrol_working_days: policy.enrolWorkingDays,
            stop_list_working_days: policy.stopListWorkingDays,
            max_expiries: policy.maxExpiries,
            extension_max_days: policy.extensionMaxDays,
            revoke_hours: policy.revokeHours,
            interest_months: policy.interestMonths,
            first_priority_ratio: [...policy.firstPriorityRatio],
            private_min_age_years: policy.privateMinAgeYears,
            benefit_doc_max_age_days: policy.benefitDocMaxAgeDays,
            allocation: policy.allocation,
            free_choice: policy.freeChoice,
            free_choice_window_minutes: policy.freeChoiceWindowMinutes,
            sibling_priority: policy.siblingPriority,
            updated_at: app.clock.now(),
          })
          .where('region_id', '=', regionId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return {
          result: toPolicy(after),
          event: 'policy.changed',
          subjectType: 'region',
          subjectId: regionId,
          before: toPolicy(before),
          after: toPolicy(after),
        };
      });
    },
  );
};
