import type {
  Dashboard,
  DashboardFigure,
  DashboardQuery,
  DashboardRow,
  DashboardSeries,
} from '@kezek/contracts';
import { QUEUE_CLASSES } from '@kezek/domain';
import type { Scope } from '../auth/scope.ts';
import { requireDistrict } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';
import { monthOf } from './summaries.ts';
import {
  dashboardDistricts,
  dashboardState,
  eventCounts,
  freePlacesByKindergarten,
  medianWaits,
  queueCounts,
  refusalsByKindergarten,
  type DashboardPeriod,
} from './queries.ts';

/** The directions' measures, in the order of their columns. */
const DIRECTION_KINDS = ['issued', 'expired', 'revoked', 'refused', 'enrolled'] as const;

/** The months from `from` to `to`, both in, as YYYY-MM. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) return months;
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** The month `count` months before `month`. */
function monthsBefore(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The period and the districts of a dashboard: the caller's districts (an administrator's: all),
 * or the one asked for, which must be theirs (404 otherwise); twelve months (or `months`) to the
 * current one unless asked.
 */
export function dashboardPeriod(scope: Scope, query: DashboardQuery, now: Date): DashboardPeriod {
  if (query.districtId !== undefined) requireDistrict(scope, query.districtId);
  const to = query.to ?? (query.from && query.from > monthOf(now) ? query.from : monthOf(now));
  const from = query.from ?? monthsBefore(to, (query.months ?? 12) - 1);
  return {
    from,
    to,
    districtIds:
      query.districtId !== undefined
        ? [query.districtId]
        : scope.everything
          ? null
          : scope.districtIds,
  };
}

/** A month-by-month figure: one row per month, a value for each series (absent: `missing`). */
function byMonth(
  months: readonly string[],
  series: DashboardSeries[],
  value: (month: string, key: string) => number | undefined,
  missing: number | null,
): DashboardFigure {
  return {
    rowKind: 'month',
    series,
    rows: months.map((month) => ({
      key: month,
      values: series.map((s) => value(month, s.key) ?? missing),
    })),
  };
}

const keyed = <T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number) =>
  new Map(rows.map((row) => [key(row), value(row)]));

const ascending = (keys: Iterable<number>) => [...new Set(keys)].sort((a, b) => a - b);

function byKindergarten(
  measure: string,
  rows: readonly { id: number; name_kk: string; name_ru: string; count: number }[],
): DashboardFigure {
  return {
    rowKind: 'kindergarten',
    series: [{ key: measure }],
    rows: rows.map((row): DashboardRow => ({
      key: String(row.id),
      name: { kk: row.name_kk, ru: row.name_ru },
      values: [row.count],
    })),
  };
}

/** Every figure of the dashboard for the caller's scope and the period asked. */
export async function dashboard(
  db: Db,
  scope: Scope,
  query: DashboardQuery,
  now: Date,
): Promise<Dashboard> {
  const period = dashboardPeriod(scope, query, now);
  const districtScope = scope.everything ? null : scope.districtIds;
  const [queue, events, waits, refusals, free, districts, state] = await Promise.all([
    queueCounts(db, period),
    eventCounts(db, period),
    medianWaits(db, period),
    refusalsByKindergarten(db, period),
    freePlacesByKindergarten(db, period.districtIds),
    dashboardDistricts(db, districtScope),
    dashboardState(db),
  ]);
  const months = monthRange(period.from, period.to);
  const names = new Map(
    districts.map((d) => [d.id, { kk: d.name_kk, ru: d.name_ru, en: d.name_en }]),
  );

  // The queue's counts: the grouping set of each row is told by which columns are set.
  const total = queue.filter(
    (r) => r.group_year === null && r.queue_class === null && r.district_id === null,
  );
  const byGroupYear = queue.filter((r) => r.group_year !== null);
  const byClass = queue.filter((r) => r.queue_class !== null);
  const byDistrict = queue.filter((r) => r.district_id !== null);
  const waiting = keyed(
    total,
    (r) => r.month,
    (r) => r.waiting,
  );
  const counted = (rows: typeof queue, key: (r: (typeof queue)[number]) => unknown) =>
    keyed(
      rows,
      (r) => `${r.month}|${String(key(r))}`,
      (r) => r.waiting,
    );
  const queueFigure = (
    rows: typeof queue,
    key: (r: (typeof queue)[number]) => unknown,
    series: DashboardSeries[],
  ) => {
    const counts = counted(rows, key);
    // A month counted has a value in every series (0 where nobody waits); others have none.
    return byMonth(
      months,
      series,
      (month, s) => (waiting.has(month) ? (counts.get(`${month}|${s}`) ?? 0) : undefined),
      null,
    );
  };

  const eventsOf = keyed(
    events,
    (r) => `${r.month}|${r.kind}`,
    (r) => r.count,
  );
  const medians = keyed(
    waits,
    (r) => `${r.month}|${r.group_year}`,
    (r) => r.median,
  );

  return {
    districtId: query.districtId ?? null,
    from: period.from,
    to: period.to,
    districts: districts.map((d) => ({ id: d.id, name: names.get(d.id)! })),
    summarisedAt: state.summarised_at?.toISOString() ?? null,
    queueCountedAt: state.queue_taken_at?.toISOString() ?? null,
    figures: {
      queueByGroupYear: queueFigure(
        byGroupYear,
        (r) => r.group_year,
        ascending(byGroupYear.map((r) => r.group_year!)).map((year) => ({ key: String(year) })),
      ),
      queueByClass: queueFigure(
        byClass,
        (r) => r.queue_class,
        QUEUE_CLASSES.map((key) => ({ key })),
      ),
      queueByDistrict: queueFigure(
        byDistrict,
        (r) => r.district_id,
        ascending(byDistrict.map((r) => r.district_id!)).map((id) => ({
          key: String(id),
          ...(names.has(id) && { name: names.get(id)! }),
        })),
      ),
      releasedAgainstDemand: byMonth(
        months,
        [{ key: 'released' }, { key: 'waiting' }],
        (month, key) =>
          key === 'waiting' ? waiting.get(month) : (eventsOf.get(`${month}|released`) ?? 0),
        null,
      ),
      medianWait: byMonth(
        months,
        ascending(waits.map((r) => r.group_year)).map((year) => ({ key: String(year) })),
        (month, key) => medians.get(`${month}|${key}`),
        null,
      ),
      directions: byMonth(
        months,
        DIRECTION_KINDS.map((key) => ({ key })),
        (month, key) => eventsOf.get(`${month}|${key}`),
        0,
      ),
      refusalsByKindergarten: byKindergarten('refused', refusals),
      freePlacesByKindergarten: byKindergarten('free', free),
    },
  };
}
