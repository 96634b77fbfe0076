import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import { signedInUser } from '../auth/guard.ts';

/** Runs an administrative change and its history row in one transaction. */
export async function auditedChange<T>(
  request: FastifyRequest,
  change: (trx: Db) => Promise<{
    result: T;
    event: string;
    subjectType: string;
    subjectId: number | string;
    before: unknown;
    after: unknown;
  }>,
): Promise<T> {
  const actor = `user:${signedInUser(request).id}`;
  return request.server.db.transaction().execute(async (trx) => {
    const { result, ...entry } = await change(trx);
    await appendHistory(trx, { ...entry, at: request.server.clock.now(), actor });
    return result;
  });
}
