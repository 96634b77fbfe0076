import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
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

type RoleGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
const roleGuards = new WeakSet<RoleGuard>();

/**
 * Deny unless signed in with one of the roles (deny by default: every route names its roles).
 * Routes name it as their preHandler; `guardFirst` moves it to onRequest, so that it answers
 * before the body is read or validated (a parent calling an administrator's route with a bad
 * body is told 403, not which fields are wrong).
 */
export function requireRole(...roles: Role[]): RoleGuard {
  const guard: RoleGuard = async (request) => {
    const user = await currentUser(request);
    if (!user) throw notSignedIn();
    if (!user.roles.some((role) => roles.includes(role))) throw forbidden();
  };
  roleGuards.add(guard);
  return guard;
}

/**
 * onRoute: a route's role guards run at onRequest (after the session is read, before the body
 * is parsed, validated or limited) instead of as preHandlers, which Fastify runs after validation.
 */
export function guardFirst(route: RouteOptions): void {
  const preHandlers = [route.preHandler ?? []].flat();
  const guards = preHandlers.filter((hook) => roleGuards.has(hook as RoleGuard));
  if (guards.length === 0) return;
  route.preHandler = preHandlers.filter((hook) => !roleGuards.has(hook as RoleGuard));
  route.onRequest = [...guards, ...[route.onRequest ?? []].flat()] as RouteOptions['onRequest'];
}

export function signedInUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw notSignedIn();
  return request.user;
}
