import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, User } from '@kezek/contracts';
import { api, fetchSession } from './client.ts';
import { queryKeys } from './query-client.ts';
import type { Session } from './query-client.ts';

export const sessionQuery = queryOptions({
  queryKey: queryKeys.me,
  queryFn: ({ signal }) => fetchSession(signal),
  staleTime: 60_000,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in user, or null (also while the session is loading). */
export function useUser(): User | null {
  return useSession().data?.user ?? null;
}

export function hasRole(user: User | null | undefined, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

export type AreaPath = '/admin' | '/department' | '/staff' | '/applicant';

/** Where a user goes after signing in: the area of their strongest role. */
export function areaOf(user: User): AreaPath {
  if (hasRole(user, ['admin'])) return '/admin';
  if (hasRole(user, ['officer'])) return '/department';
  if (hasRole(user, ['staff'])) return '/staff';
  return '/applicant';
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      queryClient.setQueryData<Session>(queryKeys.me, { user: null, csrfToken: null });
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
    },
  });
}
