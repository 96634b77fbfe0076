import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { User } from '@kezek/contracts';
import { ApiError } from './errors.ts';

/** What `GET /api/me` told us: no user when nobody is signed in. */
export type Session = { user: User | null; csrfToken: string | null };

export const queryKeys = {
  me: ['me'] as const,
  regions: ['regions'] as const,
  kindergartens: ['kindergartens'] as const,
  demoKeys: ['demo-keys'] as const,
  admin: ['admin'] as const,
  adminRegions: ['admin', 'regions'] as const,
  adminKindergartens: ['admin', 'kindergartens'] as const,
  adminKindergarten: (id: number) => ['admin', 'kindergarten', id] as const,
  adminStaff: ['admin', 'staff'] as const,
  adminStaffAccount: (id: number) => ['admin', 'staff-account', id] as const,
  adminPolicy: (regionId: number) => ['admin', 'policy', regionId] as const,
  adminCalendar: (year: number) => ['admin', 'calendar', year] as const,
  places: ['places'] as const,
  placeGroupYears: (kindergartenId: number) => ['place-group-years', kindergartenId] as const,
};

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx will not change by asking again; a lost connection or a 5xx may.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** A call refused with `not_signed_in`: the session ended (expired, signed out elsewhere). */
function forgetSession(error: unknown): void {
  if (!(error instanceof ApiError) || error.code !== 'not_signed_in') return;
  // Guarded pages then send the user to the sign-in page and back.
  queryClient.setQueryData<Session>(queryKeys.me, { user: null, csrfToken: null });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: forgetSession }),
  mutationCache: new MutationCache({ onError: forgetSession }),
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
