/**
 * Signing requests for eGov Mobile (docs/mobile-signing.md). kezek never executes an action
 * here: a request carries the exact bytes the browser would have signed with NCALayer or a key
 * file, the app's CMS over them is handed back to that browser, and the browser posts it to the
 * signed endpoint — through the one gate of every signature (http/signed-action.ts), with the
 * same checks, codes and evidence in the history.
 *
 * A request is bound to the browser session that made it (the hash of its nonce binding), to
 * the content it was made for (a nonce of that session, checked here, so nobody can have kezek
 * ask people to sign words of their own), single-use, and short-lived; its URLs carry 256-bit
 * tokens of which only hashes are stored.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type {
  egovDocumentsSchema,
  egovSigningInfoSchema,
  mobileSignRequestSchema,
  mobileSignStatusSchema,
} from '@kezek/contracts';
import type { Db } from '../db/connection.ts';
import type { NonceSeal } from '../eds/nonces.ts';
import { problemOfSignature } from '../http/signed-action.ts';
import { Problem, notFound } from '../problem.ts';
import { readCms, SignatureError } from '../signature/verify.ts';
import { describe, isSignedAction } from './descriptions.ts';
import {
  answerSigningRequest,
  applicationNumberOf,
  insertSigningRequest,
  replaceAuthToken,
  signingRequestByToken,
  signingRequestOfBrowser,
  takeSignature,
} from './queries.ts';

type SigningInfo = z.infer<typeof egovSigningInfoSchema>;
type Documents = z.infer<typeof egovDocumentsSchema>;
type CreatedRequest = z.infer<typeof mobileSignRequestSchema>;
type BrowserStatus = z.infer<typeof mobileSignStatusSchema>;

/** The organisation eGov Mobile names as the one asking for the signature. */
export interface Organisation {
  nameKz: string;
  nameRu: string;
  nameEn: string;
  bin: string;
}

export interface MobileSignContext {
  db: Db;
  now: Date;
}

export interface CreateContext extends MobileSignContext {
  seal: NonceSeal;
  /** The browser session's nonce binding (http/nonce-binding.ts). */
  binding: string;
  publicUrl: string;
  lifetimeMs: number;
}

const hash = (value: string | Buffer) => createHash('sha256').update(value).digest();
const newToken = () => randomBytes(32).toString('base64url');

/**
 * The eGov Mobile and eGov Business dynamic links of the QR-signing specification: they open the
 * app with URL 1 on this phone, or its store page when it is not installed.
 */
export function deepLinks(url1: string): { deepLink: string; businessDeepLink: string } {
  const link = encodeURIComponent(url1);
  return {
    deepLink: `https://mgovsign.page.link/?link=${link}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov`,
    businessDeepLink: `https://egovbusiness.page.link/?link=${link}&isi=1597880144&ibi=kz.mobile.mgov.business&apn=kz.mobile.mgov.business`,
  };
}

const contentInvalid = (why: string) => new Problem(400, 'sign_content_invalid', why);

const envelopeSchema = z.looseObject({ action: z.string(), nonce: z.string() });

/** What the content asks to be signed: sign-in with a nonce, or a signed action's envelope. */
function readContent(keyType: 'auth' | 'sign', content: string) {
  if (keyType === 'auth') return { action: 'sign-in', nonce: content.trim(), fields: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw contentInvalid('The content to sign is not JSON');
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success || !isSignedAction(envelope.data.action))
    throw contentInvalid('The content to sign is not a kezek action');
  const { action, nonce, ...fields } = envelope.data;
  return { action, nonce, fields };
}

/** A new signing request over `content`, made by the browser whose binding is `ctx.binding`. */
export async function createSigningRequest(
  ctx: CreateContext,
  body: { keyType: 'auth' | 'sign'; content: string },
): Promise<CreatedRequest> {
  const { action, nonce, fields } = readContent(body.keyType, body.content);
  // The content's nonce must be this browser's and fresh: the same check as at the endpoint.
  const nonceExpiry = ctx.seal.check(nonce, ctx.binding, ctx.now);
  const number = await applicationNumberOf(ctx.db, fields);
  const token = newToken();
  const id = randomUUID();
  const expiresAt = new Date(Math.min(ctx.now.getTime() + ctx.lifetimeMs, nonceExpiry.getTime()));
  await insertSigningRequest(ctx.db, {
    id,
    tokenHash: hash(token),
    authTokenHash: hash(newToken()),
    bindingHash: hash(ctx.binding),
    keyType: body.keyType,
    content: Buffer.from(body.content, 'utf8'),
    description: describe(action, number),
    createdAt: ctx.now,
    expiresAt,
  });
  const url1 = `${ctx.publicUrl.replace(/\/$/, '')}/api/egov/sign/${token}`;
  return { id, qr: `mobileSign:${url1}`, ...deepLinks(url1), expiresAt: expiresAt.toISOString() };
}

const expired = () =>
  new Problem(410, 'mobile_sign_expired', 'This signing request has expired; ask for a new code');
const used = () => new Problem(409, 'mobile_sign_used', 'This signing request was already used');

/** The app's request by the token of its URL, while it can still be signed. */
async function openRequest(ctx: MobileSignContext, token: string) {
  const request = await signingRequestByToken(ctx.db, hash(token));
  if (!request) throw notFound();
  if (request.state !== 'waiting') throw used();
  if (request.expires_at.getTime() <= ctx.now.getTime()) throw expired();
  return request;
}

/**
 * The auth token of API №1 is issued anew each time API №1 is read: only hashes are kept, so
 * the last token given is the one API №2 accepts.
 */
export async function signingInfo(
  ctx: MobileSignContext & { organisation: Organisation },
  token: string,
  documentUri: string,
): Promise<SigningInfo> {
  const request = await openRequest(ctx, token);
  const authToken = newToken();
  await replaceAuthToken(ctx.db, request.id, hash(authToken));
  return {
    description: `${request.description.kk} / ${request.description.ru}`,
    expiry_date: request.expires_at.toISOString(),
    organisation: ctx.organisation,
    document: { uri: documentUri, auth_type: 'Token', auth_token: authToken },
  };
}

/** The bearer token of API №2 must be the one API №1 gave last. */
async function authorisedRequest(ctx: MobileSignContext, token: string, authorization?: string) {
  const request = await openRequest(ctx, token);
  const bearer = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!bearer || !timingSafeEqual(hash(bearer), request.auth_token_hash))
    throw new Problem(403, 'forbidden', 'The token of this signing request is not right');
  return request;
}

/** API №2, GET: the one document, whose data is the exact bytes to sign. */
export async function signingDocuments(
  ctx: MobileSignContext,
  token: string,
  authorization: string | undefined,
): Promise<Documents> {
  const request = await authorisedRequest(ctx, token, authorization);
  const { kk, ru, en } = request.description;
  return {
    signMethod: 'CMS_WITH_DATA',
    version: 1,
    documentsToSign: [
      {
        id: request.id,
        nameKz: kk,
        nameRu: ru,
        nameEn: en,
        meta: [
          { name: 'kezek', value: `${kk} / ${ru}` },
          { name: 'SHA-256', value: hash(request.content).toString('hex') },
        ],
        document: {
          file: { mime: 'text/plain', data: request.content.toString('base64') },
        },
      },
    ],
  };
}

/**
 * API №2, PUT: the app's CMS over the document. Checked here only for what the browser could not
 * tell it — a CMS at all, within the limits, over exactly these bytes; everything else (the
 * signature, the chain, revocation, the key type, the signer) is checked by the signed endpoint
 * when the browser posts it. A refusal is kept, so the waiting browser can say why.
 */
export async function acceptSignedDocuments(
  ctx: MobileSignContext,
  token: string,
  authorization: string | undefined,
  body: Documents,
): Promise<void> {
  const request = await authorisedRequest(ctx, token, authorization);
  const refuse = async (problem: Problem): Promise<never> => {
    await answerSigningRequest(ctx.db, request.id, { problemCode: problem.code }, ctx.now);
    throw problem;
  };
  const [document, ...others] = body.documentsToSign;
  if (!document || others.length > 0 || document.id !== request.id)
    throw contentInvalid('The signed documents are not the ones asked for');
  const cms = document.document.file.data.replace(/\s/g, '');
  let content: Uint8Array;
  try {
    content = readCms(new Uint8Array(Buffer.from(cms, 'base64'))).content;
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    return refuse(problemOfSignature(error));
  }
  if (!Buffer.from(content).equals(request.content))
    return refuse(
      new Problem(400, 'signed_content_mismatch', 'The signature is not over this document'),
    );
  if (!(await answerSigningRequest(ctx.db, request.id, { cms }, ctx.now))) throw used();
}

/** The browser's poll: waiting, the CMS once, a refusal's code, or expired. */
export async function browserStatus(
  ctx: MobileSignContext,
  id: string,
  binding: string,
): Promise<BrowserStatus> {
  const request = await signingRequestOfBrowser(ctx.db, id, hash(binding));
  if (!request) throw notFound();
  const expiresAt = request.expires_at.toISOString();
  if (request.state === 'signed' && request.cms && (await takeSignature(ctx.db, id)))
    return { state: 'signed', expiresAt, cms: request.cms };
  if (request.state === 'refused')
    return { state: 'refused', expiresAt, code: request.problem_code ?? 'malformed_cms' };
  if (request.state === 'waiting' && request.expires_at.getTime() > ctx.now.getTime())
    return { state: 'waiting', expiresAt };
  // Expired, or already taken by this browser: either way nothing is left to sign or take.
  return { state: 'expired', expiresAt };
}
