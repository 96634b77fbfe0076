import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../server/src/db/connection.ts';
import { decideFreeChoiceRounds } from '../../server/src/jobs/free-choice.ts';
import { renumberQueues } from '../../server/src/jobs/queue-numbers.ts';
import { round } from './percentiles.ts';
import { seededRandom } from './random.ts';

const REQUESTS = 10_000;
const PLACES_PER_BATCH = 250;

/**
 * Batched free choice (docs/rules.md): 10 000 requests collected in rounds that end together,
 * decided by one run of the deadline job in-process (decideFreeChoiceRounds: each round's
 * requests ordered by their queue numbers, the places taken in that order with their directions,
 * papers, messages and history, the rest refused with theirs). The requests are those of random
 * waiting children of the largest queues (a district and group year; at 1 M applications a queue
 * holds about 7 000 children, so the 10 000 requests fall on two or three batches of 250 places).
 * The time is the job's run.
 */
export async function measureBatchedFreeChoice(
  db: Db,
  regionId: number,
  adminUserId: number,
  seed: number,
) {
  const random = seededRandom(seed);
  await db
    .updateTable('region_policies')
    .set({ free_choice: 'batched' })
    .where('region_id', '=', regionId)
    .execute();
  // The numbering worker keeps the stored numbers current within a second.
  await renumberQueues(db);
  const queues = (
    await sql<{ district_id: number; group_year: number; n: number }>`
      select district_id, group_year, count(*)::int as n from applications
      where region_id = ${regionId} and status = 'queued'
      group by district_id, group_year order by n desc, district_id, group_year`.execute(db)
  ).rows;
  const now = new Date();
  const decideAt = new Date(now.getTime() + 120 * 60_000);
  let collected = 0;
  let batches = 0;
  for (const queue of queues) {
    if (collected >= REQUESTS) break;
    const kindergarten = await sql<{ id: number }>`
      select id from kindergartens where district_id = ${queue.district_id} and type = 'state'
      order by id limit 1`.execute(db);
    if (!kindergarten.rows[0]) continue;
    const batch = await db
      .insertInto('place_batches')
      .values({
        kindergarten_id: kindergarten.rows[0].id,
        district_id: queue.district_id,
        group_year: queue.group_year,
        language: 'kk',
        total: PLACES_PER_BATCH,
        free: PLACES_PER_BATCH,
        state: 'free_choice',
        turn_until: now,
        created_by: adminUserId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    batches += 1;
    const children = (
      await sql<{ id: string; applicant_user_id: number }>`
        select id, applicant_user_id from applications
        where district_id = ${queue.district_id} and group_year = ${queue.group_year}
          and status = 'queued' order by id`.execute(db)
    ).rows;
    // A random part of the queue asks, in random order.
    for (let i = children.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [children[i], children[j]] = [children[j]!, children[i]!];
    }
    const asking = children.slice(0, Math.min(children.length, REQUESTS - collected));
    collected += asking.length;
    await sql`insert into free_choice_requests (application_id, place_batch_id, user_id, evidence,
        requested_at, decide_at, window_minutes)
      select a, ${batch.id}, u, 'bench', ${now}, ${decideAt}, 120
      from unnest(${asking.map((c) => c.id)}::bigint[], ${asking.map((c) => c.applicant_user_id)}::int[])
        as t(a, u)`.execute(db);
  }
  const start = performance.now();
  const decided = await decideFreeChoiceRounds(db, decideAt, 'http://localhost:3000');
  const ms = performance.now() - start;
  const granted = await sql<{ n: number }>`
    select count(*)::int as n from free_choice_requests where outcome = 'granted'`.execute(db);
  await db
    .updateTable('region_policies')
    .set({ free_choice: 'first_come' })
    .where('region_id', '=', regionId)
    .execute();
  return {
    requests: collected,
    decided,
    batches,
    granted: granted.rows[0]!.n,
    batchedFreeChoiceMs: round(ms, 0),
  };
}
