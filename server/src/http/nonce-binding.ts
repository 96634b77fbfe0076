import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NONCE_TTL_MS } from '../eds/nonces.ts';

declare module '@fastify/session' {
  interface FastifySessionObject {
    nonceBinding?: string;
  }
}

/**
 * The cookie that binds the nonces of a browser not signed in yet. A nonce asked for before
 * sign-in must not make a stored session (an anonymous `GET /api/nonce` would otherwise write a
 * row a visit), so the browser keeps its binding itself: a random value, unguessable to anyone
 * else, HttpOnly, sent only to the API, and living as long as the nonce it was last given for.
 */
export const NONCE_BINDING_COOKIE = 'kezek_nonce';

const newBinding = () => randomBytes(18).toString('base64url');
const WELL_FORMED = /^[A-Za-z0-9_-]{24}$/;

const signedIn = (request: FastifyRequest) => request.session.userId !== undefined;

/** The binding of a signed-in session: made once with the session (start-session.ts). */
function sessionBinding(request: FastifyRequest): string {
  request.session.nonceBinding ??= newBinding();
  return request.session.nonceBinding;
}

function cookieBinding(request: FastifyRequest): string | null {
  const value = request.cookies[NONCE_BINDING_COOKIE];
  return value !== undefined && WELL_FORMED.test(value) ? value : null;
}

/**
 * The value a nonce issued now is bound to: the signed-in session's, or — before sign-in — the
 * browser's binding cookie, made (or renewed for the nonce's lifetime) on this answer. Nothing is
 * stored for a browser that is not signed in.
 */
export function issueBinding(request: FastifyRequest, reply: FastifyReply): string {
  if (signedIn(request)) return sessionBinding(request);
  const binding = cookieBinding(request) ?? newBinding();
  reply.setCookie(NONCE_BINDING_COOKIE, binding, {
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    path: '/api',
    maxAge: NONCE_TTL_MS / 1000,
  });
  return binding;
}

/**
 * The value this browser's nonces are bound to, to check one: another browser's nonce fails. A
 * browser not signed in and without its binding cookie gets a fresh value that no nonce matches.
 */
export function nonceBinding(request: FastifyRequest): string {
  if (signedIn(request)) return sessionBinding(request);
  return cookieBinding(request) ?? newBinding();
}
