import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  calendarOverrideBodySchema,
  createDistrictSchema,
  createKindergartenSchema,
  createRegionSchema,
  createStaffSchema,
  updateDistrictSchema,
  updateKindergartenSchema,
  updateRegionSchema,
  updateStaffSchema,
} from '@kezek/contracts';
import type { QueueImport } from '@kezek/contracts';
import { uploadFile } from './applications.ts';
import { api } from './client.ts';
import { queryKeys } from './query-client.ts';
import type {
  AdminKindergarten,
  AdminKindergartenPage,
  CalendarYear,
  Created,
  KindergartenType,
  Language,
  Policy,
  RegionList,
  StaffAccount,
  StaffPage,
  StaffRole,
} from './types.ts';

type Output<T extends z.ZodType> = z.output<T>;

// Regions and districts

export function useAdminRegions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.adminRegions,
    queryFn: ({ signal }) => api<RegionList>('/api/admin/regions', { signal }),
    enabled,
  });
}

export const createRegion = (body: Output<typeof createRegionSchema>) =>
  api<Created>('/api/admin/regions', { method: 'POST', body });

export const updateRegion = (id: number, body: Output<typeof updateRegionSchema>) =>
  api<unknown>(`/api/admin/regions/${id}`, { method: 'PATCH', body });

export const createDistrict = (body: Output<typeof createDistrictSchema>) =>
  api<Created>('/api/admin/districts', { method: 'POST', body });

export const updateDistrict = (id: number, body: Output<typeof updateDistrictSchema>) =>
  api<unknown>(`/api/admin/districts/${id}`, { method: 'PATCH', body });

// Kindergartens

export interface KindergartenFilters {
  districtId?: number | undefined;
  type?: KindergartenType | undefined;
  language?: Language | undefined;
  q?: string | undefined;
}

export function useAdminKindergartens(
  filters: KindergartenFilters,
  cursor: string | undefined,
  limit: number,
) {
  return useQuery({
    queryKey: [...queryKeys.adminKindergartens, { ...filters, cursor, limit }],
    queryFn: ({ signal }) =>
      api<AdminKindergartenPage>('/api/admin/kindergartens', {
        query: { ...filters, cursor, limit },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** One kindergarten for its edit form: from the list already loaded, else asked by id. */
export function useAdminKindergarten(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.adminKindergarten(id),
    queryFn: ({ signal }) => api<AdminKindergarten>(`/api/admin/kindergartens/${id}`, { signal }),
    staleTime: Infinity,
    enabled: enabled && id > 0,
  });
}

export const createKindergarten = (body: Output<typeof createKindergartenSchema>) =>
  api<Created>('/api/admin/kindergartens', { method: 'POST', body });

export const updateKindergarten = (id: number, body: Output<typeof updateKindergartenSchema>) =>
  api<unknown>(`/api/admin/kindergartens/${id}`, { method: 'PATCH', body });

// Staff accounts

export interface StaffFilters {
  role?: StaffRole | undefined;
  q?: string | undefined;
}

export function useStaffAccounts(filters: StaffFilters, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...queryKeys.adminStaff, { ...filters, cursor, limit }],
    queryFn: ({ signal }) =>
      api<StaffPage>('/api/admin/staff', { query: { ...filters, cursor, limit }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStaffAccount(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.adminStaffAccount(id),
    queryFn: ({ signal }) => api<StaffAccount>(`/api/admin/staff/${id}`, { signal }),
    staleTime: Infinity,
    enabled: enabled && id > 0,
  });
}

export const createStaff = (body: Output<typeof createStaffSchema>) =>
  api<Created>('/api/admin/staff', { method: 'POST', body });

export const updateStaff = (id: number, body: Output<typeof updateStaffSchema>) =>
  api<unknown>(`/api/admin/staff/${id}`, { method: 'PATCH', body });

// Policy

export function usePolicy(regionId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.adminPolicy(regionId ?? 0),
    queryFn: ({ signal }) => api<Policy>('/api/admin/policy', { query: { regionId }, signal }),
    enabled: regionId !== undefined,
  });
}

export const savePolicy = (regionId: number, body: Policy) =>
  api<Policy>('/api/admin/policy', { method: 'PUT', query: { regionId }, body });

// Calendar

export function useCalendar(year: number) {
  return useQuery({
    queryKey: queryKeys.adminCalendar(year),
    queryFn: ({ signal }) => api<CalendarYear>('/api/admin/calendar', { query: { year }, signal }),
  });
}

export const putCalendarDay = (date: string, body: Output<typeof calendarOverrideBodySchema>) =>
  api<unknown>(`/api/admin/calendar/${date}`, { method: 'PUT', body });

export const deleteCalendarDay = (date: string) =>
  api<unknown>(`/api/admin/calendar/${date}`, { method: 'DELETE' });

// Importing an existing queue (issue 20)

export const queueImportKey = (id: string | null) => [...queryKeys.admin, 'queue-import', id];

/** Polled every second while its file is validated or imported. */
export function useQueueImport(id: string | null) {
  return useQuery({
    queryKey: queueImportKey(id),
    queryFn: ({ signal }) => api<QueueImport>(`/api/admin/queue-imports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) =>
      query.state.data?.state === 'validating' || query.state.data?.state === 'importing'
        ? 1000
        : false,
  });
}

export const uploadQueueImport = (file: File, onProgress: (fraction: number) => void) =>
  uploadFile<QueueImport>('/api/admin/queue-imports', file, onProgress).promise;

export const startQueueImport = (id: string, onlyClean: boolean) =>
  api<QueueImport>(`/api/admin/queue-imports/${id}/start`, {
    method: 'POST',
    body: { onlyClean },
  });
