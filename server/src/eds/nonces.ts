import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { Problem } from '../http/problem.ts';

export const NONCE_TTL_MS = 10 * 60 * 1000;

export async function issueNonce(
  db: Db,
  binding: string,
  now: Date,
): Promise<{ nonce: string; expiresAt: Date }> {
  const nonce = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
  await db.insertInto('nonces').values({ nonce, binding, expires_at: expiresAt }).execute();
  return { nonce, expiresAt };
}

/**
 * Marks the nonce used in one conditional UPDATE, so of two requests racing with one nonce exactly
 * one wins. A nonce of another session, an expired or an unknown one is `nonce_invalid`.
 */
export async function consumeNonce(
  db: Db,
  nonce: string,
  binding: string,
  now: Date,
): Promise<void> {
  const used = await db
    .updateTable('nonces')
    .set({ used_at: now })
    .where('nonce', '=', nonce)
    .where('binding', '=', binding)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('nonce')
    .executeTakeFirst();
  if (used) return;
  const row = await db
    .selectFrom('nonces')
    .select(['binding', 'used_at'])
    .where('nonce', '=', nonce)
    .executeTakeFirst();
  if (row && row.binding === binding && row.used_at !== null) {
    throw new Problem(401, 'nonce_reused', 'This signature was already used');
  }
  throw new Problem(
    401,
    'nonce_invalid',
    'The signed nonce is unknown, expired or not this session’s',
  );
}
