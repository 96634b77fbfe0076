import { availableParallelism } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import pLimit from 'p-limit';
import { signedInUser } from '../auth/guard.ts';
import { visibleTo } from '../applications/view.ts';
import type { Problem } from '../http/problem.ts';
import { PLACE_REFUSALS, placeTaken } from './choose.ts';

/**
 * Choices wait here for their turn. When places open, thousands of parents press the button in
 * the same second; verifying a CMS costs milliseconds of CPU, and a choice's transaction waits
 * for the place's row while holding a pooled connection. Unlimited, every request waits for all
 * the others and the choices hold the pool that the refusals need. In slots, a choice reaches
 * verification only after the ones before it took their places, and is refused at once when
 * none is left.
 */
const choiceSlots = pLimit(2 * availableParallelism());

/**
 * What is left for the application to choose from, read before its signature is verified. A
 * refusal only when no choice could succeed: no place of its district and group year that it may
 * take (free choice, its turn's release, a private kindergarten) is free: `place_taken`, or
 * `not_your_turn` when the free places left belong to the children whose turn it is. Which place
 * the signature names, and the age rule, are checked after verification with their own answers;
 * an application the user cannot see, or one that cannot choose now, goes on to the usual answer
 * (404, action_not_allowed, stop_listed).
 */
async function refusalBeforeVerification(
  request: FastifyRequest,
  applicationId: string,
): Promise<Problem | null> {
  const user = signedInUser(request);
  const row = (
    await sql<{ choosing: boolean; takeable: boolean; free: boolean }>`
      select a.status in ('queued', 'turn') as choosing,
        exists (select 1 from place_batches b join kindergartens k on k.id = b.kindergarten_id
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0
            and (b.state = 'free_choice' or b.id = a.turn_batch_id or k.type = 'private')) as takeable,
        exists (select 1 from place_batches b
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0) as free
      from applications a where a.id = ${applicationId} and ${visibleTo(user.id)}`.execute(
      request.server.db,
    )
  ).rows[0];
  if (!row || !row.choosing || row.takeable) return null;
  return row.free ? PLACE_REFUSALS.not_your_turn() : placeTaken();
}

/** Runs a choice (verification and transaction) in its slot, unless no place is left to choose. */
export function inSlot<T>(
  request: FastifyRequest,
  applicationId: string,
  choose: () => Promise<T>,
): Promise<T> {
  return choiceSlots(async () => {
    const refusal = await refusalBeforeVerification(request, applicationId);
    if (refusal) throw refusal;
    return choose();
  });
}
