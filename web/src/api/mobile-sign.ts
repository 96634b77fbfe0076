import type { z } from 'zod';
import type { mobileSignRequestSchema, mobileSignStatusSchema } from '@kezek/contracts';
import { api } from './client.ts';

export type MobileSignRequest = z.infer<typeof mobileSignRequestSchema>;
export type MobileSignStatus = z.infer<typeof mobileSignStatusSchema>;

/** A signing request for eGov Mobile over `content`, the exact text this browser would sign. */
export function createMobileSign(keyType: 'auth' | 'sign', content: string) {
  return api<MobileSignRequest>('/api/mobile-sign', {
    method: 'POST',
    body: { keyType, content },
  });
}

/** Whether the app has signed (the CMS once), refused, or the code expired. */
export function mobileSignStatus(id: string, signal?: AbortSignal) {
  return api<MobileSignStatus>(`/api/mobile-sign/${id}`, { signal });
}
