import { ApiError } from '../api/errors.ts';
import { problemMessage } from '../api/messages.ts';
import type { MessageRef } from '../i18n/message.tsx';

export type SignErrorCode =
  /** The user closed the key-file dialog: nothing to say. */
  | 'cancelled'
  /** The user cancelled NCALayer's prompt. */
  | 'ncalayer_cancelled'
  /** NCALayer answered with an error, or with something that is not a CMS. */
  | 'ncalayer_failed';

/** Why `sign()` gave no signature. */
export class SignError extends Error {
  readonly code: SignErrorCode;
  readonly detail: string | undefined;

  constructor(code: SignErrorCode, detail?: string, options?: ErrorOptions) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'SignError';
    this.code = code;
    this.detail = detail;
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof SignError && error.code === 'cancelled';
}

/**
 * The message of a failed signed call: the signer's own (`eds.errors.*`) or the server's problem
 * (`errors.<code>`: bad_signature, untrusted_chain, cert_expired, nonce_reused…).
 */
export function signProblemMessage(error: unknown): MessageRef {
  if (error instanceof SignError) {
    if (error.code === 'ncalayer_failed') {
      return { key: 'eds.errors.ncalayer_failed', values: { detail: error.detail ?? '' } };
    }
    return { key: `eds.errors.${error.code}` };
  }
  if (error instanceof ApiError) return problemMessage(error);
  return { key: 'errors.generic' };
}
