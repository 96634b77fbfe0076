import type { z } from 'zod';
import type { nonceSchema } from '@kezek/contracts';
import { api } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';

export type Nonce = z.infer<typeof nonceSchema>;

/** The longest wait for a nonce that the page takes on itself before it shows the limit. */
const LONGEST_WAIT_SECONDS = 60;

/**
 * A fresh nonce to sign. When the server answers 429 with a Retry-After (too many nonces in a
 * minute), the page waits that long and asks once more before it shows the message: on a
 * release morning a parent who pressed twice should still get their place.
 */
export async function fetchNonce(): Promise<Nonce> {
  try {
    return await api<Nonce>('/api/nonce');
  } catch (error) {
    const seconds = error instanceof ApiError ? error.retryAfterSeconds : undefined;
    if (error instanceof ApiError && error.status === 429 && seconds !== undefined) {
      if (seconds <= LONGEST_WAIT_SECONDS) {
        await new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
        return api<Nonce>('/api/nonce');
      }
    }
    throw error;
  }
}
