import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { queryKeys } from './query-client.ts';
import type { KindergartenList, RegionList } from './types.ts';

/** Regions with their districts (public reference data). */
export function useRegions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.regions,
    queryFn: ({ signal }) => api<RegionList>('/api/regions', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** Every kindergarten (public reference data), for names and pickers. */
export function useKindergartens(enabled = true) {
  return useQuery({
    queryKey: queryKeys.kindergartens,
    queryFn: ({ signal }) => api<KindergartenList>('/api/kindergartens', { signal }),
    enabled,
    staleTime: 60_000,
  });
}
