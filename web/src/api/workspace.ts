import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Enrolment, Refusal, WorkspaceDirection } from '@kezek/contracts';
import { api, apiUrl } from './client.ts';

export type { Enrolment, Refusal, WorkspaceDirection };

export const workspaceKeys = {
  all: ['workspace'] as const,
  enrolments: (kindergartenId: number, query: Record<string, unknown>) =>
    ['workspace', 'enrolments', kindergartenId, query] as const,
};

export interface DirectionLookup {
  kindergartenId: number;
  by: 'iin' | 'number';
  value: string;
}

/** GET /api/directions/search: the direction to one of my kindergartens (404 when there is none). */
export const findDirection = ({ kindergartenId, by, value }: DirectionLookup) =>
  api<WorkspaceDirection>('/api/directions/search', {
    query: { kindergartenId, [by]: value.trim() },
  });

/** Where the child card issued with the direction is downloaded from. */
export const childCardUrl = (directionId: string) =>
  apiUrl(`/api/directions/${directionId}/child-card`);

export const acceptDirection = (id: string, body: { cms: string }) =>
  api<Enrolment>(`/api/directions/${id}/accept`, { method: 'POST', body });

export const refuseDirection = (id: string, body: { cms: string }) =>
  api<Refusal>(`/api/directions/${id}/refuse`, { method: 'POST', body });

export type EnrolmentFilters = {
  q: string;
  groupYear: string;
  state: '' | 'current' | 'departed';
};

/**
 * The enrolled list of a kindergarten (docs/rules.md, "Kindergarten workspace"), one keyset
 * page.
 */
export function useEnrolments(
  kindergartenId: number | null,
  filters: EnrolmentFilters,
  cursor: string | undefined,
) {
  const query = { ...filters, q: filters.q.trim(), cursor, limit: 20 };
  return useQuery({
    queryKey: workspaceKeys.enrolments(kindergartenId ?? 0, query),
    queryFn: ({ signal }) =>
      api<{ items: Enrolment[]; nextCursor: string | null }>(
        `/api/kindergartens/${kindergartenId}/enrolments`,
        { query, signal },
      ),
    enabled: kindergartenId !== null,
    placeholderData: keepPreviousData,
  });
}

export const recordDeparture = (id: string, body: { cms: string }) =>
  api<Enrolment>(`/api/enrolments/${id}/departure`, { method: 'POST', body });
