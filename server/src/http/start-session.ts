import type { FastifyReply, FastifyRequest } from 'fastify';
import { nonceBinding } from './nonce-binding.ts';

/**
 * A signed-in session: a new id (a session fixed before sign-in is worthless after it), the user,
 * and — made now, once — the CSRF secret and the nonce binding. Later requests then only read the
 * session, so concurrent requests of one browser never overwrite each other's changes.
 */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  reply.generateCsrf();
  nonceBinding(request);
}
