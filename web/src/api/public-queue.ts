import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PUBLIC_QUEUE_PAGE, type PublicQueuePage, type PublicQueuePlace } from '@kezek/contracts';
import { api } from './client.ts';

export type { PublicQueueEntry } from '@kezek/contracts';

/** One page of the public queue of a district and group year (anyone may read it). */
export function usePublicQueue(
  districtId: number | null,
  groupYear: number | null,
  cursor: number | undefined,
) {
  const query = { districtId, groupYear, cursor, limit: PUBLIC_QUEUE_PAGE.default };
  return useQuery({
    queryKey: ['public-queue', query] as const,
    queryFn: ({ signal }) => api<PublicQueuePage>('/api/public/queue', { query, signal }),
    enabled: districtId !== null && groupYear !== null,
    placeholderData: keepPreviousData,
  });
}

/** Where one of my applications stands: the page of the public queue that holds its row. */
export const publicQueuePlace = (applicationId: string) =>
  api<PublicQueuePlace>(`/api/applications/${applicationId}/public-queue`, {
    query: { limit: PUBLIC_QUEUE_PAGE.default },
  });
