import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

declare module '@fastify/session' {
  interface FastifySessionObject {
    nonceBinding?: string;
  }
}

/** A random value of this browser session that nonces are bound to: another session's nonce fails. */
export function nonceBinding(request: FastifyRequest): string {
  request.session.nonceBinding ??= randomBytes(18).toString('base64url');
  return request.session.nonceBinding;
}
