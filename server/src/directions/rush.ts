import { availableParallelism } from 'node:os';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import type { z } from 'zod';
import type { chooseDirectionFieldsSchema } from '@kezek/contracts';
import { signedInUser } from '../auth/guard.ts';
import { visibleTo } from '../applications/view.ts';
import type { Db } from '../db/connection.ts';
import type { Problem } from '../http/problem.ts';
import { notFound } from '../http/problem.ts';
import type { SoldOutQueues } from '../places/availability.ts';
import { heldForTurns } from '../places/held.ts';
import { PLACE_REFUSALS, placeTaken } from './choose.ts';

type ChooseFields = z.infer<typeof chooseDirectionFieldsSchema>;

interface Queue {
  districtId: number;
  groupYear: number;
}

/**
 * A choice's way through a release morning. Thousands of parents press the button in the same
 * second; most of them cannot win. Before anything is verified (and outside the slots), a choice
 * is refused at once when this instance knows the queue of the place it names to be sold out,
 * or after one statement that checks the application is the caller's and that a place it may
 * take is free. What is left waits for a slot, in which verification and the transaction run:
 * choices waiting for a place's row never hold the pool that the refusals need.
 */
export class ChoiceRush {
  private readonly slots = pLimit(2 * availableParallelism());
  /** The queue of a place batch: fixed when the batch is saved, so cached without expiry. */
  private readonly placeQueues = new LRUCache<string, Queue>({ max: 100_000 });

  private readonly db: Db;
  private readonly soldOut: SoldOutQueues;

  constructor(db: Db, soldOut: SoldOutQueues) {
    this.db = db;
    this.soldOut = soldOut;
  }

  /** The check before verification: throws the refusal, or returns for the choice to go on. */
  async refuseEarly(
    request: FastifyRequest,
    applicationId: string,
    fields: ChooseFields,
  ): Promise<void> {
    const queue = await this.queueOf(fields.placeId);
    if (queue && this.soldOut.isSoldOut(queue.districtId, queue.groupYear)) throw placeTaken();
    const refusal = await this.refusalFromDatabase(request, applicationId);
    if (refusal) throw refusal;
  }

  /**
   * Verification and the transaction, in a slot. A choice that waited there while the places
   * went is refused when its turn comes, after the same one statement as before (which also
   * tells this instance that the queue is sold out, for the choices still arriving).
   */
  inSlot<T>(request: FastifyRequest, applicationId: string, choose: () => Promise<T>): Promise<T> {
    return this.slots(async () => {
      const refusal = await this.refusalFromDatabase(request, applicationId);
      if (refusal) throw refusal;
      return choose();
    });
  }

  private async queueOf(placeId: string): Promise<Queue | undefined> {
    if (!/^\d{1,18}$/.test(placeId)) return undefined;
    const cached = this.placeQueues.get(placeId);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('place_batches')
      .select(['district_id', 'group_year'])
      .where('id', '=', placeId)
      .executeTakeFirst();
    if (!row) return undefined;
    const queue = { districtId: row.district_id, groupYear: row.group_year };
    this.placeQueues.set(placeId, queue);
    return queue;
  }

  /**
   * One statement: the application is the caller's (else 404), and a place it may take is free
   * (its turn's batch; a free-choice or private batch beyond the places held for running turns):
   * else `place_taken`, or `not_your_turn` when the free places left belong to the children
   * whose turn it is. Which
   * place the signature names, and the age rule, are checked in the transaction with their own
   * answers; an application that cannot choose now goes on to its usual answer there.
   */
  private async refusalFromDatabase(
    request: FastifyRequest,
    applicationId: string,
  ): Promise<Problem | null> {
    if (!/^\d{1,18}$/.test(applicationId)) return notFound();
    const user = signedInUser(request);
    const generation = this.soldOut.readStarted();
    const row = (
      await sql<{
        district_id: number;
        group_year: number;
        choosing: boolean;
        takeable: boolean;
        free: boolean;
      }>`
      select a.district_id, a.group_year, a.status in ('queued', 'turn') as choosing,
        exists (select 1 from place_batches b join kindergartens k on k.id = b.kindergarten_id
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0
            and (b.id = a.turn_batch_id or ((b.state = 'free_choice' or k.type = 'private')
              and b.free > ${heldForTurns('b')}))) as takeable,
        exists (select 1 from place_batches b
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0) as free
      from applications a where a.id = ${applicationId} and ${visibleTo(user.id)}`.execute(this.db)
    ).rows[0];
    if (!row) return notFound();
    if (!row.free) this.soldOut.markSoldOut(row.district_id, row.group_year, generation);
    if (!row.choosing || row.takeable) return null;
    return row.free ? PLACE_REFUSALS.not_your_turn() : placeTaken();
  }
}
