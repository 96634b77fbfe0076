import { useQuery } from '@tanstack/react-query';
import {
  logEventSchema,
  type LogEntries,
  type LogEvent,
  type LogKey,
  type SignedTreeHead,
} from '@kezek/contracts';
import { api } from './client.ts';
import { ApiError } from './errors.ts';

/** How many of the newest leaves the transparency page shows. */
export const NEWEST_EVENTS = 20;

/** The newest signed tree head, or null before the first (docs/transparency.md). */
export function useTreeHead() {
  return useQuery({
    queryKey: ['log-head'] as const,
    queryFn: ({ signal }) =>
      api<SignedTreeHead>('/api/public/log/head', { signal }).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
  });
}

export function useLogKey() {
  return useQuery({
    queryKey: ['log-key'] as const,
    queryFn: ({ signal }) => api<LogKey>('/api/public/log/key', { signal }),
    staleTime: 60 * 60_000,
  });
}

/** The newest leaves the head covers, newest first, each parsed as the contract's event. */
export function useNewestEvents(treeSize: number | undefined) {
  return useQuery({
    queryKey: ['log-entries', treeSize] as const,
    enabled: treeSize !== undefined && treeSize > 0,
    queryFn: async ({ signal }) => {
      const end = treeSize! - 1;
      const start = Math.max(0, treeSize! - NEWEST_EVENTS);
      const page = await api<LogEntries>('/api/public/log/entries', {
        query: { start, end },
        signal,
      });
      return page.entries
        .map((entry) => ({
          leafIndex: entry.leafIndex,
          event: logEventSchema.safeParse(JSON.parse(entry.data)).data ?? null,
        }))
        .filter((e): e is { leafIndex: number; event: LogEvent } => e.event !== null)
        .reverse();
    },
  });
}
