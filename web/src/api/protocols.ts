import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Language, Protocol } from '@kezek/contracts';
import { api, apiUrl } from './client.ts';

export type { ProtocolBatch, ProtocolDirection } from '@kezek/contracts';

export type ProtocolQuery = {
  districtId: number;
  from: string;
  to: string;
};

/** A district's protocol of a period (anyone may read it). */
export function useProtocol(query: ProtocolQuery | null) {
  return useQuery({
    queryKey: ['protocol', query] as const,
    queryFn: ({ signal }) => api<Protocol>('/api/public/protocols', { query: query!, signal }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

/** The address of the same protocol as CSV, its header row in `lang`. */
export const protocolCsvUrl = (query: ProtocolQuery, lang: Language) =>
  apiUrl('/api/public/protocols.csv', { ...query, lang });
