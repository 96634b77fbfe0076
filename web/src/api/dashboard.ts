import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dashboard, DashboardFigureName, Language } from '@kezek/contracts';
import { api, apiUrl } from './client.ts';

export type { Dashboard, DashboardFigure, DashboardFigureName } from '@kezek/contracts';

export interface DashboardFilters {
  districtId: number | null;
  /** The last months shown, up to the current one. */
  months: number;
}

const queryOf = (filters: DashboardFilters) => ({
  districtId: filters.districtId ?? undefined,
  // The months up to the server's current one (its clock decides which month that is).
  months: filters.months,
});

/** Every figure of the dashboard for my districts (or the one chosen) over the period. */
export function useDashboard(filters: DashboardFilters) {
  const query = queryOf(filters);
  return useQuery({
    queryKey: ['department', 'dashboard', query] as const,
    queryFn: ({ signal }) => api<Dashboard>('/api/dashboard', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Where a figure downloads as CSV or XLSX, its header in `lang`. */
export function dashboardExportUrl(
  filters: DashboardFilters,
  figure: DashboardFigureName,
  format: 'csv' | 'xlsx',
  lang: Language,
): string {
  return apiUrl('/api/dashboard/export', { ...queryOf(filters), figure, format, lang });
}
