import type { Db } from '../db/connection.ts';
import type { MobileSignDescription } from '../db/schema.ts';
import { SWEEP_BOUNDS, deleteClaimedBatches, type SweepBounds } from '../db/sweep.ts';

export interface NewSigningRequest {
  id: string;
  tokenHash: Buffer;
  authTokenHash: Buffer;
  bindingHash: Buffer;
  keyType: 'auth' | 'sign';
  content: Buffer;
  description: MobileSignDescription;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSigningRequest(db: Db, request: NewSigningRequest): Promise<void> {
  await db
    .insertInto('mobile_sign_requests')
    .values({
      id: request.id,
      token_hash: request.tokenHash,
      auth_token_hash: request.authTokenHash,
      binding_hash: request.bindingHash,
      key_type: request.keyType,
      content: request.content,
      description: JSON.stringify(request.description),
      created_at: request.createdAt,
      expires_at: request.expiresAt,
    })
    .execute();
}

/** API №1 gives a new token for API №2 each time it is read: only its hash is kept. */
export async function replaceAuthToken(db: Db, id: string, authTokenHash: Buffer): Promise<void> {
  await db
    .updateTable('mobile_sign_requests')
    .set({ auth_token_hash: authTokenHash })
    .where('id', '=', id)
    .execute();
}

/** The request whose URL carries the token hashed to `tokenHash` (the app's side). */
export async function signingRequestByToken(db: Db, tokenHash: Buffer) {
  const row = await db
    .selectFrom('mobile_sign_requests')
    .select(['id', 'auth_token_hash', 'content', 'description', 'expires_at', 'state'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { ...row, description: row.description as MobileSignDescription };
}

/** The browser's request, if it is this browser's (its binding's hash), else nothing. */
export function signingRequestOfBrowser(db: Db, id: string, bindingHash: Buffer) {
  return db
    .selectFrom('mobile_sign_requests')
    .select(['state', 'expires_at', 'cms', 'problem_code'])
    .where('id', '=', id)
    .where('binding_hash', '=', bindingHash)
    .executeTakeFirst();
}

/**
 * Records the app's answer: a CMS, or why it was refused. Exactly one answer of any number sent
 * at once (or to any instance) is kept: only a waiting, unexpired request takes one.
 */
export async function answerSigningRequest(
  db: Db,
  id: string,
  answer: { cms: string } | { problemCode: string },
  now: Date,
): Promise<boolean> {
  const updated = await db
    .updateTable('mobile_sign_requests')
    .set(
      'cms' in answer
        ? { state: 'signed', cms: answer.cms, answered_at: now }
        : { state: 'refused', problem_code: answer.problemCode, answered_at: now },
    )
    .where('id', '=', id)
    .where('state', '=', 'waiting')
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** The browser takes the signature once: a second read finds the request used up. */
export async function takeSignature(db: Db, id: string): Promise<boolean> {
  const taken = await db
    .updateTable('mobile_sign_requests')
    .set({ state: 'taken', cms: null })
    .where('id', '=', id)
    .where('state', '=', 'signed')
    .returning('id')
    .executeTakeFirst();
  return taken !== undefined;
}

/** The number of the application a signed action's fields name, to show in the app. */
export async function applicationNumberOf(
  db: Db,
  fields: { applicationId?: unknown; directionId?: unknown; enrolmentId?: unknown },
): Promise<string | null> {
  // Row ids are bigint identities, sent as decimal strings.
  const id = (value: unknown) =>
    typeof value === 'string' && /^\d{1,18}$/.test(value) ? value : null;
  const applicationId = id(fields.applicationId);
  const directionId = id(fields.directionId);
  const enrolmentId = id(fields.enrolmentId);
  let query = db.selectFrom('applications').select('applications.number');
  if (applicationId) query = query.where('applications.id', '=', applicationId);
  else if (directionId)
    query = query
      .innerJoin('directions', 'directions.application_id', 'applications.id')
      .where('directions.id', '=', directionId);
  else if (enrolmentId)
    query = query
      .innerJoin('enrolments', 'enrolments.application_id', 'applications.id')
      .where('enrolments.id', '=', enrolmentId);
  else return null;
  return (await query.executeTakeFirst())?.number ?? null;
}

/** Forgets the requests past their expiry (and a minute of grace), in bounded batches. */
export function sweepSigningRequests(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  const graceEnd = new Date(now.getTime() - 60_000);
  return deleteClaimedBatches(
    db,
    { table: 'mobile_sign_requests', key: 'id', stale: (eb) => eb('expires_at', '<', graceEnd) },
    bounds,
  );
}
