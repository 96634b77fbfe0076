import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Direction,
  FreeChoiceRequest,
  InboxMessage,
  Offer,
  PublicConfig,
  directionVerificationSchema,
} from '@kezek/contracts';
import { api } from './client.ts';

export type { Direction, FreeChoiceRequest, InboxMessage, Offer };
export type DirectionVerification = z.infer<typeof directionVerificationSchema>;

export const directionKeys = {
  offers: (applicationId: string) => ['applications', 'one', applicationId, 'offers'] as const,
  freeChoiceRequest: (applicationId: string) =>
    ['applications', 'one', applicationId, 'free-choice-request'] as const,
  config: ['public-config'] as const,
  verification: (number: string, code: string) => ['verify', number, code] as const,
  inbox: ['messages'] as const,
};

/** The places this application may take now (turn, free choice, private under the state order). */
export function useOffers(applicationId: string) {
  return useQuery({
    queryKey: directionKeys.offers(applicationId),
    queryFn: ({ signal }) =>
      api<{ items: Offer[] }>(`/api/applications/${applicationId}/offers`, { signal }),
    staleTime: 0,
  });
}

/** The application's newest batched free-choice request, open or decided (or null). */
export function useFreeChoiceRequest(applicationId: string) {
  return useQuery({
    queryKey: directionKeys.freeChoiceRequest(applicationId),
    queryFn: ({ signal }) =>
      api<{ request: FreeChoiceRequest | null }>(
        `/api/applications/${applicationId}/free-choice-request`,
        { signal },
      ),
    staleTime: 0,
  });
}

/** The server's public settings (the map tiles). */
export function usePublicConfig() {
  return useQuery({
    queryKey: directionKeys.config,
    queryFn: ({ signal }) => api<PublicConfig>('/api/public/config', { signal }),
    staleTime: Infinity,
  });
}

/** Is this direction genuine and live? Anyone holding its number and code may ask. */
export function useDirectionVerification(number: string, code: string, enabled: boolean) {
  return useQuery({
    queryKey: directionKeys.verification(number, code),
    queryFn: ({ signal }) =>
      api<DirectionVerification>(`/api/public/directions/${encodeURIComponent(number)}/verify`, {
        query: { code },
        signal,
      }),
    enabled,
    staleTime: 0,
  });
}

/** The signed-in user's in-app notifications, newest first. */
export function useInbox(cursor: string | undefined) {
  return useQuery({
    queryKey: [...directionKeys.inbox, cursor ?? ''],
    queryFn: ({ signal }) =>
      api<{ items: InboxMessage[]; nextCursor: string | null }>('/api/messages', {
        query: { cursor, limit: 20 },
        signal,
      }),
    staleTime: 0,
  });
}

/**
 * A signed choice: the direction (201), or in batched free choice the request registered (202,
 * docs/rules.md, "Batched free choice").
 */
export const chooseDirection = (applicationId: string, body: { cms: string }) =>
  api<Direction | FreeChoiceRequest>(`/api/applications/${applicationId}/direction`, {
    method: 'POST',
    body,
  });

/** Whether a choice's answer is a batched free-choice request rather than a direction. */
export const isFreeChoiceRequest = (
  answer: Direction | FreeChoiceRequest,
): answer is FreeChoiceRequest => 'decideAt' in answer;

export const extendDirection = (directionId: string, body: { cms: string }) =>
  api<Direction>(`/api/directions/${directionId}/extend`, { method: 'POST', body });

export const revokeDirection = (directionId: string, body: { cms: string }) =>
  api<Direction>(`/api/directions/${directionId}/revoke`, { method: 'POST', body });
