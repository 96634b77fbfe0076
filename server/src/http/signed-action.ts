import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signedInUser } from './guard.ts';
import { fieldIssues, problemFromIssues } from './errors.ts';
import { unacceptableText } from './text-guard.ts';
import { perPersonCheck, LIMITS } from './limits.ts';
import { Problem, tooManyRequests } from '../problem.ts';
import {
  readCms,
  signerIinClaimed,
  SignatureError,
  verifyParsedCms,
  type KeyType,
  type ParsedCms,
  type SignerIdentity,
} from '../signature/verify.ts';
import { NonceSeal, useNonce } from '../eds/nonces.ts';
import { nonceBinding } from './nonce-binding.ts';

declare module 'fastify' {
  interface FastifyInstance {
    signing: Signing;
  }
}

/** What the gate keeps per instance: the nonce seal, the sessions signing now, the person limit. */
export interface Signing {
  seal: NonceSeal;
  inFlight: Set<string>;
  limitPerPerson(request: FastifyRequest): Promise<void>;
}

export function createSigning(app: FastifyInstance, sessionSecret: string): Signing {
  return {
    seal: new NonceSeal(sessionSecret),
    inFlight: new Set(),
    limitPerPerson: perPersonCheck(app, LIMITS.signedAction.perPerson),
  };
}

const SIGNATURE_STATUS: Record<string, number> = { malformed_cms: 400, unsupported_algorithm: 400 };

/** A refused signature as the API says it: 400 for what is not a CMS we accept, else 401. */
export function problemOfSignature(error: SignatureError): Problem {
  return new Problem(SIGNATURE_STATUS[error.code] ?? 401, error.code, error.message);
}

function signatureProblem(request: FastifyRequest, error: unknown): never {
  if (!(error instanceof SignatureError)) throw error;
  request.log.info({ code: error.code }, 'signature refused');
  throw problemOfSignature(error);
}

/** The CMS of a request, parsed once with its limits (no signature checked yet). */
export function readSignature(request: FastifyRequest, cmsBase64: string): ParsedCms {
  try {
    return readCms(new Uint8Array(Buffer.from(cmsBase64, 'base64')));
  } catch (error) {
    // Counted with the verifications' results (GET /metrics): a CMS refused as it is read is
    // one the caller sent to be verified.
    if (error instanceof SignatureError) request.server.trust.online?.verified?.(error.code);
    signatureProblem(request, error);
  }
}

/** Verifies a parsed CMS fully; every way it can fail is a problem with its own code. */
export async function verifySignature(
  request: FastifyRequest,
  parsed: ParsedCms,
  keyType: KeyType,
) {
  try {
    return await verifyParsedCms(parsed, {
      trust: request.server.trust,
      at: request.server.clock.now(),
      keyType,
    });
  } catch (error) {
    signatureProblem(request, error);
  }
}

/** The nonce as signed: this session's and unexpired (no database), then used up (one insert). */
export async function useSignedNonce(request: FastifyRequest, nonce: string): Promise<void> {
  const { seal } = request.server.signing;
  const expiresAt = seal.check(nonce, nonceBinding(request), request.server.clock.now());
  await useNonce(request.server.db, nonce, expiresAt);
}

const iinMismatch = () => new Problem(403, 'iin_mismatch', 'The signer is not the signed-in user');

const envelopeSchema = z.looseObject({ action: z.string(), nonce: z.string() });

export interface SignedAction<Fields> {
  fields: Fields;
  signer: SignerIdentity;
  /** The CMS as received (base64 DER), to keep with the history row. */
  evidence: string;
}

export interface SignedActionSpec<Schema extends z.ZodType, Context = void, Result = unknown> {
  action: string;
  fields: Schema;
  /**
   * The caller's right to the row the action is about, from the fields as sent (not yet
   * verified): throws (404, or a refusal that needs no signature, like a place already gone)
   * before any signature work is done. An action that makes a new row says so in its own words.
   */
  authorize(fields: z.infer<Schema>): Promise<Context>;
  /**
   * Where the nonce's use, verification and the action run, told what `authorize` found (a
   * choice's place line, which may refuse first); at once when absent.
   */
  inSlot?(run: () => Promise<Result>, context: Context): Promise<Result>;
}

/**
 * `authorize` of an action that makes a new row (a registration) or reaches one only through
 * what the signed fields prove (attaching as the other parent): no row of the caller's exists
 * to check before the signature is verified.
 */
export const noRowYet = async (): Promise<void> => {};

/** The signed content as sent: UTF-8 JSON with this endpoint's action, a nonce and the fields. */
function readEnvelope<Schema extends z.ZodType>(
  parsed: ParsedCms,
  spec: Pick<SignedActionSpec<Schema>, 'action' | 'fields'>,
) {
  let content: unknown;
  try {
    content = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parsed.content));
  } catch {
    throw new Problem(400, 'malformed_cms', 'The signed content is not UTF-8 JSON');
  }
  const badText = unacceptableText(content);
  if (badText.length > 0) throw problemFromIssues(badText);
  const envelope = envelopeSchema.safeParse(content);
  if (!envelope.success)
    throw new Problem(400, 'malformed_cms', 'The signed content has no action or nonce');
  if (envelope.data.action !== spec.action)
    throw new Problem(400, 'action_mismatch', `The signature is not for ${spec.action}`);
  const { action: _action, nonce, ...rest } = envelope.data;
  const fields = spec.fields.safeParse(rest);
  if (!fields.success) throw problemFromIssues(fieldIssues(fields.error.issues));
  return { nonce, fields: fields.data as z.infer<Schema> };
}

/** One signed request at a time per browser session: a second one waits for nothing, it is told. */
async function oneAtATime<T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> {
  const { inFlight } = request.server.signing;
  const session = request.session.sessionId;
  if (inFlight.has(session))
    throw tooManyRequests('request_in_flight', 'A signed request of yours is in progress', 1);
  inFlight.add(session);
  try {
    return await run();
  } finally {
    inFlight.delete(session);
  }
}

/**
 * The one gate of every signed endpoint. Cheap refusals come first, in this order: one signed
 * request at a time per session and a limit per person; the CMS parsed with its limits; the
 * content's action, fields and signer as sent (the signer must be the signed-in user); the
 * nonce this session's and unexpired; the caller's right to the target row (`authorize`); the
 * nonce used up. Only then is the signature verified in full (SIGN key, chain, dates, CRL) and
 * `act` runs with the verified fields. A spec's `inSlot` runs the last three where and when it
 * decides (a choice waits in its place's line, and is checked there before them).
 */
export async function signedAction<Schema extends z.ZodType, Context, T>(
  request: FastifyRequest,
  cmsBase64: string,
  spec: SignedActionSpec<Schema, Context, T>,
  act: (signed: SignedAction<z.infer<Schema>>) => Promise<T>,
): Promise<T> {
  const user = signedInUser(request);
  return oneAtATime(request, async () => {
    await request.server.signing.limitPerPerson(request);
    const parsed = readSignature(request, cmsBase64);
    const { nonce, fields } = readEnvelope(parsed, spec);
    if (signerIinClaimed(parsed) !== user.iin) throw iinMismatch();
    const { seal } = request.server.signing;
    const nonceExpiry = seal.check(nonce, nonceBinding(request), request.server.clock.now());
    const context = await spec.authorize(fields);
    const useNonceVerifyAndAct = async () => {
      await useNonce(request.server.db, nonce, nonceExpiry);
      const verified = await verifySignature(request, parsed, 'sign');
      // The verified signer is the certificate read above; checked again all the same.
      if (verified.signer.iin !== user.iin) throw iinMismatch();
      return act({ fields, signer: verified.signer, evidence: cmsBase64.replace(/\s/g, '') });
    };
    return spec.inSlot ? spec.inSlot(useNonceVerifyAndAct, context) : useNonceVerifyAndAct();
  });
}
