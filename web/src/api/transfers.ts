import { useQuery } from '@tanstack/react-query';
import type { TransferRequest } from '@kezek/contracts';
import { api } from './client.ts';

export type { TransferRequest };

export const transferKeys = {
  one: (applicationId: string) => ['applications', 'one', applicationId, 'transfer'] as const,
};

/** The application's latest transfer request, or null (docs/rules.md, "Transfers"). */
export function useTransferRequest(applicationId: string) {
  return useQuery({
    queryKey: transferKeys.one(applicationId),
    queryFn: ({ signal }) =>
      api<TransferRequest>(`/api/applications/${applicationId}/transfer`, { signal }),
    staleTime: 0,
  });
}

export const requestTransfer = (id: string, body: { cms: string }) =>
  api<TransferRequest>(`/api/applications/${id}/transfer`, { method: 'POST', body });

export const withdrawTransfer = (id: string, body: { cms: string }) =>
  api<TransferRequest>(`/api/applications/${id}/transfer/withdraw`, { method: 'POST', body });
