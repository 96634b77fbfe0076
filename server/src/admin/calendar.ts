import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarDateParamsSchema,
  calendarDaySchema,
  calendarOverrideBodySchema,
  calendarQuerySchema,
  calendarYearSchema,
  problemSchema,
  type Language,
} from '@kezek/contracts';
import {
  buildWorkCalendar,
  holidaysOfYear,
  type CalendarOverride,
  type WorkCalendar,
} from '@kezek/domain';
import { requireRole } from '../http/guard.ts';
import type { Db } from '../db/connection.ts';
import { requestLanguage } from '../http/errors.ts';
import { notFound } from '../problem.ts';
import { auditedChange } from './audit.ts';
import { commandContext } from '../http/context.ts';

type CalendarDay = z.infer<typeof calendarDaySchema>;

async function overridesBetween(db: Db, from: string, to: string): Promise<CalendarOverride[]> {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .execute();
  return rows.map((row) => ({
    date: row.date,
    kind: row.kind as CalendarOverride['kind'],
    name: row.name,
  }));
}

/** The working-day calendar that deadlines are computed with: the law plus every decree override. */
export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  return buildWorkCalendar(await overridesBetween(db, '0001-01-01', '9999-12-31'));
}

function yearOfDays(
  year: number,
  overrides: CalendarOverride[],
  language: Language,
): CalendarDay[] {
  const days = new Map<string, CalendarDay>();
  for (const holiday of holidaysOfYear(year)) {
    days.set(holiday.date, {
      date: holiday.date,
      kind: 'holiday',
      name: holiday.name[language],
      source: 'law',
    });
  }
  for (const override of overrides) days.set(override.date, { ...override, source: 'override' });
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export const calendarAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const editors = { preHandler: requireRole('admin', 'officer') };
  const tags = ['admin'];

  app.get(
    '/api/admin/calendar',
    {
      ...editors,
      schema: {
        tags,
        summary: 'Holidays by law and the decree overrides of a year',
        querystring: calendarQuerySchema,
        response: { 200: calendarYearSchema },
      },
    },
    async (request) => {
      const { year } = request.query;
      const overrides = await overridesBetween(app.db, `${year}-01-01`, `${year}-12-31`);
      return { year, items: yearOfDays(year, overrides, requestLanguage(request)) };
    },
  );

  app.put(
    '/api/admin/calendar/:date',
    {
      ...editors,
      schema: {
        tags,
        summary: 'Make a day a holiday or a (transferred) working day by decree',
        params: calendarDateParamsSchema,
        body: calendarOverrideBodySchema,
        response: { 200: calendarDaySchema },
      },
    },
    async (request) => {
      const { date } = request.params;
      const { kind, name } = request.body;
      const userId = request.user!.id;
      return auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .selectFrom('calendar_overrides')
          .select(['kind', 'name'])
          .where('date', '=', date)
          .executeTakeFirst();
        const values = { kind, name, updated_by: userId, updated_at: app.clock.now() };
        await trx
          .insertInto('calendar_overrides')
          .values({ date, ...values })
          .onConflict((oc) => oc.column('date').doUpdateSet(values))
          .execute();
        const result: CalendarDay = { date, kind, name, source: 'override' };
        return {
          result,
          event: 'calendar.override_set',
          subjectType: 'calendar',
          subjectId: date,
          before: before ?? null,
          after: { kind, name },
        };
      });
    },
  );

  app.delete(
    '/api/admin/calendar/:date',
    {
      ...editors,
      schema: {
        tags,
        summary: 'Remove a decree override',
        params: calendarDateParamsSchema,
        response: { 204: z.null(), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { date } = request.params;
      await auditedChange(commandContext(request), async (trx) => {
        const before = await trx
          .deleteFrom('calendar_overrides')
          .where('date', '=', date)
          .returning(['kind', 'name'])
          .executeTakeFirst();
        if (!before) throw notFound();
        return {
          result: null,
          event: 'calendar.override_removed',
          subjectType: 'calendar',
          subjectId: date,
          before,
          after: null,
        };
      });
      return reply.code(204).send(null);
    },
  );
};
