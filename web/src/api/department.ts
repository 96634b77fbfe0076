import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ArchiveEntry,
  ApplicationRecord,
  DepartmentKindergarten,
  QueueEntry,
  Refusal,
} from '@kezek/contracts';
import { api } from './client.ts';

export type { ApplicationRecord, DepartmentKindergarten, QueueEntry, Refusal };
export type RefusalStatus = Refusal['status'];

export const departmentKeys = {
  all: ['department'] as const,
  refusals: (status: RefusalStatus, cursor: string | undefined) =>
    ['department', 'refusals', status, cursor ?? null] as const,
  queue: (query: Record<string, unknown>) => ['department', 'queue', query] as const,
  groupYears: (districtId: number | null) => ['department', 'group-years', districtId] as const,
  archive: (query: Record<string, unknown>) => ['department', 'archive', query] as const,
  search: (by: string, value: string) => ['department', 'search', by, value] as const,
  kindergartens: (districtId: number | null) =>
    ['department', 'kindergartens', districtId] as const,
};

type Page<T> = { items: T[]; nextCursor: string | null };

/** The refusals of my districts in one status (pending ones oldest first). */
export function useRefusals(status: RefusalStatus, cursor: string | undefined) {
  return useQuery({
    queryKey: departmentKeys.refusals(status, cursor),
    queryFn: ({ signal }) =>
      api<Page<Refusal>>('/api/refusals', { query: { status, cursor, limit: 20 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export const decideRefusal = (id: string, body: { cms: string }) =>
  api<Refusal>(`/api/refusals/${id}/decision`, { method: 'POST', body });

export interface QueueFilters {
  districtId: number | null;
  groupYear: number | null;
  benefitClass: '' | QueueEntry['queueClass'];
  status: '' | QueueEntry['status'];
}

/** One page of the ordered queue of a district and group year. */
export function useQueue(filters: QueueFilters, cursor: string | undefined) {
  const query = { ...filters, cursor, limit: 50 };
  return useQuery({
    queryKey: departmentKeys.queue(query),
    queryFn: ({ signal }) => api<Page<QueueEntry>>('/api/queue', { query, signal }),
    enabled: filters.districtId !== null && filters.groupYear !== null,
    placeholderData: keepPreviousData,
  });
}

/** The district's applications that no longer wait, newest first (the archive of seed 004). */
export function useArchive(
  filters: { districtId: number | null; groupYear: number | null; status?: string },
  cursor: string | undefined,
) {
  const query = {
    districtId: filters.districtId,
    ...(filters.groupYear !== null ? { groupYear: filters.groupYear } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    cursor,
    limit: 50,
  };
  return useQuery({
    queryKey: departmentKeys.archive(query),
    queryFn: ({ signal }) => api<Page<ArchiveEntry>>('/api/archive', { query, signal }),
    enabled: filters.districtId !== null,
    placeholderData: keepPreviousData,
  });
}

/** The group years of a district with children waiting, newest first, with their counts. */
export function useQueueGroupYears(districtId: number | null) {
  return useQuery({
    queryKey: departmentKeys.groupYears(districtId),
    queryFn: ({ signal }) =>
      api<{ items: { groupYear: number; waiting: number }[] }>('/api/queue/group-years', {
        query: { districtId },
        signal,
      }),
    enabled: districtId !== null,
  });
}

/** The applications of my districts with this child IIN or number, with their history. */
export function useApplicationSearch(lookup: { by: 'iin' | 'number'; value: string } | null) {
  return useQuery({
    queryKey: departmentKeys.search(lookup?.by ?? '', lookup?.value ?? ''),
    queryFn: ({ signal }) =>
      api<{ items: ApplicationRecord[] }>('/api/applications/search', {
        query: { [lookup!.by]: lookup!.value },
        signal,
      }),
    enabled: lookup !== null,
    staleTime: 0,
  });
}

export function useDepartmentKindergartens(districtId: number | null) {
  return useQuery({
    queryKey: departmentKeys.kindergartens(districtId),
    queryFn: ({ signal }) =>
      api<{ items: DepartmentKindergarten[] }>('/api/department/kindergartens', {
        query: { districtId },
        signal,
      }),
  });
}
