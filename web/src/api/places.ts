import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createPlacesSchema } from '@kezek/contracts';
import { api } from './client.ts';
import { queryKeys } from './query-client.ts';
import type {
  GroupYears,
  KindergartenType,
  Language,
  PlaceBatch,
  PlaceList,
  PlaceState,
} from './types.ts';

export interface PlaceFilters {
  kindergartenId?: number | undefined;
  groupYear?: number | undefined;
  language?: Language | undefined;
  type?: KindergartenType | undefined;
  state?: PlaceState | undefined;
  addedFrom?: string | undefined;
  addedTo?: string | undefined;
}

/** The free places base within the caller's scope, newest first, one keyset page. */
export function usePlaceBatches(filters: PlaceFilters, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...queryKeys.places, { ...filters, cursor, limit }],
    queryFn: ({ signal }) =>
      api<PlaceList>('/api/places', { query: { ...filters, cursor, limit }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The group years the kindergarten can add places for today (the server's date and policy). */
export function useGroupYears(kindergartenId: number | undefined) {
  return useQuery({
    queryKey: queryKeys.placeGroupYears(kindergartenId ?? 0),
    queryFn: ({ signal }) =>
      api<GroupYears>('/api/places/group-years', { query: { kindergartenId }, signal }),
    enabled: kindergartenId !== undefined,
  });
}

export const createPlaces = (body: z.output<typeof createPlacesSchema>) =>
  api<PlaceBatch>('/api/places', { method: 'POST', body });
