import { z } from 'zod';
import { userSchema } from './auth.ts';

/** The body of every EDS-signed call: a CMS SignedData (base64 DER) with the action JSON attached. */
export const signedBodySchema = z
  .object({
    cms: z
      .string()
      .min(16)
      .max(400_000)
      .regex(/^[A-Za-z0-9+/=\s]+$/, { message: 'Base64 DER expected' }),
  })
  .meta({ id: 'SignedBody' });

export const nonceSchema = z
  .object({ nonce: z.string(), expiresAt: z.string() })
  .meta({ id: 'Nonce' });

export const edsSignedInSchema = z.object({
  user: userSchema,
  /**
   * True until the citizen has given an e-mail (asked at the first sign-in: docs/rules.md,
   * "Signing in").
   */
  contactsRequired: z.boolean(),
});

export const SIGNATURE_PROBLEM_CODES = [
  'malformed_cms',
  'bad_signature',
  'untrusted_chain',
  'cert_expired',
  'cert_not_yet_valid',
  'cert_revoked',
  'revocation_unknown',
  'wrong_key_type',
  'unsupported_algorithm',
  'iin_mismatch',
  'nonce_invalid',
  'nonce_reused',
  'action_mismatch',
] as const;
