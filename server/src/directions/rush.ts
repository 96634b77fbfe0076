import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import type { z } from 'zod';
import type { chooseDirectionFieldsSchema } from '@kezek/contracts';
import { statusRefusal, type ApplicationStatus } from '@kezek/domain';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';
import { notFound, Problem } from '../problem.ts';
import type { EmptyPlaces } from '../places/availability.ts';
import { heldForTurns } from '../places/held.ts';
import { ChoiceGroups, type ChosenPlace } from './choice-groups.ts';
import { chooseDirections, PLACE_REFUSALS, placeTaken, type Choice } from './choose.ts';
import { PlaceLines, type ChoiceEnd } from './place-lines.ts';
import { visibleTo } from '../auth/scope.ts';

type ChooseFields = z.infer<typeof chooseDirectionFieldsSchema>;

interface Queue {
  districtId: number;
  groupYear: number;
}

/**
 * The early check's one statement (see checkInDatabase), prepared: every choice of a rush runs
 * it, so PostgreSQL plans it once per connection.
 */
const choiceCheck = preparedQuery('choiceCheck', (db, applicationId: string, userId: number) => ({
  compile: () =>
    sql<{
      status: ApplicationStatus;
      takeable: boolean;
      free: boolean;
    }>`
      select a.status,
        exists (select 1 from place_batches b join kindergartens k on k.id = b.kindergarten_id
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0
            and (b.id = a.turn_batch_id or ((b.state = 'free_choice' or k.type = 'private')
              and b.free > ${heldForTurns('b')}))) as takeable,
        exists (select 1 from place_batches b
          where b.district_id = a.district_id and b.group_year = a.group_year and b.free > 0) as free
      from applications a where a.id = ${applicationId} and ${visibleTo(userId)}`.compile(db),
}));

/** A batch's free places, read when its line forms. */
const batchFree = preparedQuery('batchFree', (db, batchId: string) =>
  db.selectFrom('place_batches').select('free').where('id', '=', batchId),
);

/** What the rush needs of the instance it runs in. */
export interface RushServices {
  db: Db;
  clock: Clock;
  emptyPlaces: EmptyPlaces;
  publicUrl: string;
}

/** What a choice that passed the early check takes into its line. */
export interface ChoiceTicket {
  batchId: string;
  queue: Queue;
}

/**
 * A choice's way through a release morning. Thousands of parents press the button in the same
 * second; most of them cannot win. Before anything is verified, a choice is refused at once when
 * this instance knows the place it names (or that place's queue) to have none free; else one
 * statement checks that the application is the caller's and that a place it may take is free.
 * What is left waits in the named batch's line (PlaceLines: only as many go on as the batch has
 * places; the rest are refused at once when the last goes), is verified, and is decided with the
 * other choices of its batch that arrive meanwhile (ChoiceGroups), each group's transaction in
 * one of a few slots: transactions waiting for a place's row never hold the pool that the
 * refusals need.
 */
export class ChoiceRush {
  private readonly slots = pLimit(2 * availableParallelism());
  private readonly lines = new PlaceLines();
  private readonly groups: ChoiceGroups;
  /** The queue of a place batch: fixed when the batch is saved, so cached without expiry. */
  private readonly placeQueues = new LRUCache<string, Queue>({ max: 100_000 });

  private readonly db: Db;
  private readonly emptyPlaces: EmptyPlaces;
  /**
   * The applications that took a place through this instance: a parent who presses again (a lost
   * answer) is told by the database that the direction is theirs, not that the place is gone.
   */
  private readonly wonHere = new LRUCache<string, true>({ max: 100_000 });

  constructor(services: RushServices) {
    const { db, clock, publicUrl } = services;
    this.db = db;
    this.emptyPlaces = services.emptyPlaces;
    this.groups = new ChoiceGroups((batchId, choices) =>
      this.slots(() => chooseDirections({ db, now: clock.now(), publicUrl }, batchId, choices)),
    );
  }

  /**
   * The check before verification, for the signed-in user `userId`: the place's queue (read once per batch); a refusal from
   * memory when this instance knows the named batch empty; else one statement (the application
   * is the caller's, its status lets it choose, a place it may take is free). Throws the refusal,
   * or returns the choice's ticket for its place's line.
   */
  async refuseEarly(
    userId: number,
    applicationId: string,
    fields: ChooseFields,
  ): Promise<ChoiceTicket> {
    const queue = await this.queueOf(fields.placeId);
    if (!queue) throw notFound();
    const { districtId, groupYear } = queue;
    if (
      this.emptyPlaces.isEmpty(fields.placeId, districtId, groupYear) &&
      !this.wonHere.has(applicationId)
    )
      throw placeTaken();
    const refusal = await this.checkInDatabase(userId, applicationId);
    if (refusal) throw refusal;
    return { batchId: fields.placeId, queue };
  }

  /**
   * The choice's turn in its place's line, then `run` (the nonce's use, verification, the
   * choice). A choice still waiting when the batch empties is refused without either.
   */
  async inLine(ticket: ChoiceTicket, run: () => Promise<ChosenPlace>): Promise<ChosenPlace> {
    await this.lines.enter(ticket.batchId, () => this.freeOf(ticket.batchId));
    const generation = this.emptyPlaces.takeStarted();
    let end: ChoiceEnd = null;
    try {
      const chosen = await run();
      end = chosen.freeLeft;
      this.wonHere.set(chosen.applicationId, true);
      return chosen;
    } catch (error) {
      if (error instanceof Problem && error.code === 'place_taken') end = 0;
      throw error;
    } finally {
      this.lines.leave(ticket.batchId, end);
      if (end === 0) {
        const { districtId, groupYear } = ticket.queue;
        this.emptyPlaces.markEmpty(ticket.batchId, districtId, groupYear, generation);
      }
    }
  }

  private async freeOf(batchId: string): Promise<number> {
    const [row] = await batchFree(this.db, batchId);
    return row?.free ?? 0;
  }

  /** A verified choice, decided with the others of its batch that arrive meanwhile. */
  choose(batchId: string, choice: Choice): Promise<ChosenPlace> {
    return this.groups.choose(batchId, choice);
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
   * One statement: the application is the caller's (else 404), its status lets it choose (else
   * `stop_listed` or `action_not_allowed`, statusRefusal), and a place it may take is free
   * (its turn's batch; a free-choice or private batch beyond the places held for running turns):
   * else `place_taken`, or `not_your_turn` when the free places left belong to the children
   * whose turn it is. Which place the signature names, and the age rule, are decided with the
   * choice's group (takePlaces).
   */
  private async checkInDatabase(userId: number, applicationId: string): Promise<Problem | null> {
    if (!/^\d{1,18}$/.test(applicationId)) return notFound();
    const [row] = await choiceCheck(this.db, applicationId, userId);
    if (!row) return notFound();
    const byStatus = statusRefusal(row.status);
    if (byStatus) return PLACE_REFUSALS[byStatus]();
    if (row.takeable) return null;
    return row.free ? PLACE_REFUSALS.not_your_turn() : placeTaken();
  }
}
