import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@kezek/contracts';
import { forbidden, notSignedIn } from '../problem.ts';
import type { SessionUser } from '../auth/session-store.ts';
import { loadUser, type SignedInUser } from '../auth/users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedInUser | null;
  }
}

declare module '@fastify/session' {
  interface FastifySessionObject {
    userId?: number;
    /** Read with the session by the store, never stored (session-store.ts). */
    sessionUser?: SessionUser;
  }
}

/**
 * The signed-in user, or null: as the session store read it with the session, or — when the
 * session was made in this request (sign-in) — loaded now. A deleted or inactive user is null.
 */
export async function currentUser(request: FastifyRequest): Promise<SignedInUser | null> {
  if (request.user) return request.user;
  const userId = request.session.userId;
  if (userId === undefined) return null;
  const read = request.session.sessionUser;
  request.user = read?.userId === userId ? read.user : await loadUser(request.server.db, userId);
  return request.user;
}

/** preHandler: deny unless signed in with one of the roles (deny by default: every route names its roles). */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const user = await currentUser(request);
    if (!user) throw notSignedIn();
    if (!user.roles.some((role) => roles.includes(role))) throw forbidden();
  };
}

export function signedInUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw notSignedIn();
  return request.user;
}
