/**
 * The department's dashboard (docs/dashboard.md): figures of the queue, the places and the
 * directions over months, for an officer's districts or, for an administrator, any. The server's
 * dashboard/.
 */
import { z } from 'zod';
import {
  bilingualNameSchema,
  idSchema,
  instantSchema,
  languageSchema,
  trilingualNameSchema,
} from './common.ts';

/** The figures, in the order the page shows them. */
export const DASHBOARD_FIGURES = [
  'queueByGroupYear',
  'queueByClass',
  'queueByDistrict',
  'releasedAgainstDemand',
  'medianWait',
  'directions',
  'refusalsByKindergarten',
  'freePlacesByKindergarten',
] as const;
export type DashboardFigureName = (typeof DASHBOARD_FIGURES)[number];

/** The most months one dashboard spans. */
export const DASHBOARD_MAX_MONTHS = 36;

/** An Almaty month, YYYY-MM. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ description: 'Month YYYY-MM (Almaty)' });

/** Months between two YYYY-MM months, both counted. */
export function monthsBetween(from: string, to: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  return index(to) - index(from) + 1;
}

const periodSchema = z.object({
  /** Only this district (one of the caller's); all the caller's districts without it. */
  districtId: idSchema.optional(),
  /** The first month; `months` months up to `to` without it. */
  from: monthSchema.optional(),
  /** How many months up to `to` when `from` is not given; 12 unless given. */
  months: z.coerce.number().int().min(1).max(DASHBOARD_MAX_MONTHS).optional(),
  /** The last month; the current month without it. */
  to: monthSchema.optional(),
});
const periodInOrder = (query: z.infer<typeof periodSchema>) =>
  !query.from ||
  !query.to ||
  (monthsBetween(query.from, query.to) >= 1 &&
    monthsBetween(query.from, query.to) <= DASHBOARD_MAX_MONTHS);
const periodMessage = `from must not be after to, and the period at most ${DASHBOARD_MAX_MONTHS} months`;

export const dashboardQuerySchema = periodSchema.refine(periodInOrder, periodMessage);
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const DASHBOARD_FORMATS = ['csv', 'xlsx'] as const;
export const dashboardExportQuerySchema = periodSchema
  .extend({
    figure: z.enum(DASHBOARD_FIGURES),
    format: z.enum(DASHBOARD_FORMATS),
    /** The language of the header row and the names. */
    lang: languageSchema.default('kk'),
  })
  .refine(periodInOrder, periodMessage);
export type DashboardExportQuery = z.infer<typeof dashboardExportQuerySchema>;

/**
 * A column of a figure after its first: a group year ('2022'), a queue class, a district's id
 * (with its name) or a measure (released, waiting, issued, expired, revoked, refused, enrolled,
 * free).
 */
export const dashboardSeriesSchema = z.object({
  key: z.string(),
  name: trilingualNameSchema.optional(),
});
export type DashboardSeries = z.infer<typeof dashboardSeriesSchema>;

/**
 * A row of a figure: a month (key YYYY-MM) or a kindergarten (key its id, with its name), and a
 * value for each series: null where nothing was counted (a month without a count of the queue,
 * a median of no turns).
 */
export const dashboardRowSchema = z.object({
  key: z.string(),
  name: bilingualNameSchema.optional(),
  values: z.array(z.number().nullable()),
});
export type DashboardRow = z.infer<typeof dashboardRowSchema>;

/** A figure is a table: the chart draws it, the table view shows it, the downloads hold it. */
export const dashboardFigureSchema = z
  .object({
    rowKind: z.enum(['month', 'kindergarten']),
    series: z.array(dashboardSeriesSchema),
    rows: z.array(dashboardRowSchema),
  })
  .meta({ id: 'DashboardFigure' });
export type DashboardFigure = z.infer<typeof dashboardFigureSchema>;

export const dashboardSchema = z
  .object({
    /** The district asked for, or null: all the caller's districts. */
    districtId: z.number().nullable(),
    from: monthSchema,
    to: monthSchema,
    /** The districts the caller may choose from. */
    districts: z.array(z.object({ id: z.number(), name: trilingualNameSchema })),
    /** When the summaries last took in the history, and when the queue was last counted. */
    summarisedAt: instantSchema.nullable(),
    queueCountedAt: instantSchema.nullable(),
    figures: z.object(
      Object.fromEntries(DASHBOARD_FIGURES.map((name) => [name, dashboardFigureSchema])) as Record<
        DashboardFigureName,
        typeof dashboardFigureSchema
      >,
    ),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;
