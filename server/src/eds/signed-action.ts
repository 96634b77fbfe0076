import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signedInUser } from '../auth/guard.ts';
import { fieldIssues, problemFromIssues } from '../http/errors.ts';
import { Problem } from '../http/problem.ts';
import {
  SignatureError,
  verifyCms,
  type KeyType,
  type SignerIdentity,
} from '../signature/verify.ts';
import { consumeNonce } from './nonces.ts';
import { nonceBinding } from './session.ts';

const SIGNATURE_STATUS: Record<string, number> = { malformed_cms: 400 };

/** Verifies a CMS fully; every way it can fail is a problem with its own code. */
export async function verifySignature(
  request: FastifyRequest,
  cmsBase64: string,
  keyType: KeyType,
) {
  const der = Buffer.from(cmsBase64, 'base64');
  try {
    return await verifyCms(new Uint8Array(der), {
      trust: request.server.trust,
      at: request.server.clock.now(),
      keyType,
    });
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    request.log.info({ code: error.code }, 'signature refused');
    throw new Problem(SIGNATURE_STATUS[error.code] ?? 401, error.code, error.message);
  }
}

const envelopeSchema = z.looseObject({ action: z.string(), nonce: z.string() });

export interface SignedAction<Fields> {
  fields: Fields;
  signer: SignerIdentity;
  /** The CMS as received (base64 DER), to keep with the history row. */
  evidence: string;
}

/**
 * The one gate of every signed endpoint: the signature and certificate (SIGN key), the signer is
 * the signed-in user, the signed `action` is this endpoint's, the nonce is fresh and now used up.
 * The route acts on the returned, signed fields only.
 */
export async function verifySignedAction<Schema extends z.ZodType>(
  request: FastifyRequest,
  cmsBase64: string,
  action: string,
  fields: Schema,
): Promise<SignedAction<z.infer<Schema>>> {
  const user = signedInUser(request);
  const verified = await verifySignature(request, cmsBase64, 'sign');
  let signed: unknown;
  try {
    signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.content));
  } catch {
    throw new Problem(400, 'malformed_cms', 'The signed content is not UTF-8 JSON');
  }
  const envelope = envelopeSchema.safeParse(signed);
  if (!envelope.success)
    throw new Problem(400, 'malformed_cms', 'The signed content has no action or nonce');
  if (envelope.data.action !== action)
    throw new Problem(400, 'action_mismatch', `The signature is not for ${action}`);
  if (verified.signer.iin !== user.iin)
    throw new Problem(403, 'iin_mismatch', 'The signer is not the signed-in user');
  await consumeNonce(
    request.server.db,
    envelope.data.nonce,
    nonceBinding(request),
    request.server.clock.now(),
  );
  const { action: _action, nonce: _nonce, ...rest } = envelope.data;
  const parsed = fields.safeParse(rest);
  if (!parsed.success) throw problemFromIssues(fieldIssues(parsed.error.issues));
  return { fields: parsed.data, signer: verified.signer, evidence: cmsBase64.replace(/\s/g, '') };
}
