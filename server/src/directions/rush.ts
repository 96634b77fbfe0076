import { availableParallelism } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import pLimit from 'p-limit';
import { signedInUser } from '../auth/guard.ts';
import { visibleTo } from '../applications/view.ts';
import { conflict } from '../http/problem.ts';

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
 * Whether any place of the application's district and group year is still free: false only when
 * no choice could succeed. Which place the signature names, and whether the child may take it
 * (turn, age), is checked after verification with its own answer.
 */
async function anyPlaceOpen(request: FastifyRequest, applicationId: string): Promise<boolean> {
  const user = signedInUser(request);
  const row = await sql<{ open: boolean }>`
    select a.status not in ('queued', 'turn') or exists (
      select 1 from place_batches b
      where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0) as open
    from applications a where a.id = ${applicationId} and ${visibleTo(user.id)}`.execute(
    request.server.db,
  );
  // An application the user cannot see, or one that cannot choose now, goes on to the usual
  // answer after verification (404, action_not_allowed, stop_listed).
  return row.rows[0]?.open ?? true;
}

/** Runs a choice (verification and transaction) in its slot, unless no place is left to choose. */
export function inSlot<T>(
  request: FastifyRequest,
  applicationId: string,
  choose: () => Promise<T>,
): Promise<T> {
  return choiceSlots(async () => {
    if (!(await anyPlaceOpen(request, applicationId)))
      throw conflict('place_taken', 'The place has just been taken');
    return choose();
  });
}
