import { problemSchema } from '@kezek/contracts';

/**
 * The answers a signed action may give besides its result (docs/api.md, "The contract"): a malformed body or
 * signature, a refused signature or signer, a record that is not the caller's, a state conflict,
 * a rule refusal.
 */
export const SIGNED_ACTION_PROBLEMS = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
} as const;
