import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { Problem } from '../problem.ts';
import { SWEEP_BOUNDS, deleteClaimedBatches, type SweepBounds } from '../db/sweep.ts';

export const NONCE_TTL_MS = 10 * 60 * 1000;

const EXPIRY_BYTES = 8;
const RANDOM_BYTES = 16;
const MAC_BYTES = 16;
const NONCE_BYTES = EXPIRY_BYTES + RANDOM_BYTES + MAC_BYTES;

const nonceInvalid = () =>
  new Problem(401, 'nonce_invalid', 'The signed nonce is unknown, expired or not this session’s');

/**
 * Single-use nonces, sealed rather than stored: a nonce is its expiry, a random part and an HMAC
 * of both with the browser session's binding, under a key derived from the session secret that
 * every instance shares. Whether a nonce is this session's and unexpired is then a computation —
 * made before any signature is verified, without the database, and issuing one writes nothing (a
 * release morning asks for a nonce per choice). Only its use is written (`useNonce`).
 */
export class NonceSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', 'kezek nonce seal', 32));
  }

  private mac(payload: Buffer, binding: string): Buffer {
    return createHmac('sha256', this.key)
      .update(payload)
      .update(binding)
      .digest()
      .subarray(0, MAC_BYTES);
  }

  issue(binding: string, now: Date): { nonce: string; expiresAt: Date } {
    const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
    const payload = Buffer.alloc(EXPIRY_BYTES + RANDOM_BYTES);
    payload.writeBigUInt64BE(BigInt(expiresAt.getTime()));
    randomBytes(RANDOM_BYTES).copy(payload, EXPIRY_BYTES);
    const nonce = Buffer.concat([payload, this.mac(payload, binding)]).toString('base64url');
    return { nonce, expiresAt };
  }

  /** The nonce's expiry if it is this session's and not expired; else `nonce_invalid`. */
  check(nonce: string, binding: string, now: Date): Date {
    const bytes = Buffer.from(nonce, 'base64url');
    if (bytes.length !== NONCE_BYTES || bytes.toString('base64url') !== nonce) throw nonceInvalid();
    const payload = bytes.subarray(0, EXPIRY_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(bytes.subarray(payload.length), this.mac(payload, binding)))
      throw nonceInvalid();
    const expiresAt = new Date(Number(payload.readBigUInt64BE()));
    if (expiresAt.getTime() <= now.getTime()) throw nonceInvalid();
    return expiresAt;
  }
}

/**
 * Uses a checked nonce up: one insert whose primary key lets exactly one of any number of
 * requests (on any instance) with the same nonce through; the others are `nonce_reused`.
 */
export async function useNonce(db: Db, nonce: string, expiresAt: Date): Promise<void> {
  const used = await db
    .insertInto('used_nonces')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!used) throw new Problem(401, 'nonce_reused', 'This signature was already used');
}

/** Forgets the used nonces past their expiry, in bounded batches: they fail the seal's check anyway. */
export function sweepUsedNonces(
  db: Db,
  now: Date,
  bounds: SweepBounds = SWEEP_BOUNDS,
): Promise<number> {
  return deleteClaimedBatches(
    db,
    { table: 'used_nonces', key: 'nonce', stale: (eb) => eb('expires_at', '<', now) },
    bounds,
  );
}
