import type { FastifyRequest } from 'fastify';
import { signedInUser } from './guard.ts';
import type { CommandContext } from '../context.ts';

/** The command context of a signed-in request. */
export function commandContext(request: FastifyRequest): CommandContext {
  return { db: request.server.db, clock: request.server.clock, user: signedInUser(request) };
}
