import { sql } from 'kysely';
import type { Trx } from '../db/connection.ts';
import type { Listen } from '../db/notifications.ts';

/** The channel on which every transaction that frees a place says which queue it freed it in. */
const CHANNEL = 'kezek_places';

const queueKey = (districtId: number, groupYear: number) => `${districtId}:${groupYear}`;

/**
 * Inside a transaction that adds free places to a queue (a release, a place given back): every
 * instance hears of it when, and only if, the transaction commits (NOTIFY is transactional).
 */
export async function announceFreePlaces(
  trx: Trx,
  districtId: number,
  groupYear: number,
): Promise<void> {
  await sql`select pg_notify(${CHANNEL}, ${queueKey(districtId, groupYear)})`.execute(trx);
}

/**
 * The place batches this instance knows to have no free place left: a take here found the last
 * one gone, or took it. On a release morning thousands of parents press "choose" after the last
 * place of a kindergarten is gone; each of them is refused here without the database, so the
 * refusals never wait behind the winners.
 *
 * Knowing is careful: a batch is marked only from a take that began after the last announcement
 * this instance heard (a generation counter), every announcement of free places in a queue
 * unmarks the queue's batches, and nothing is trusted while the channel is not live (a lost
 * connection may have lost announcements). Marks come from takes only, never from reads: a
 * restarted instance knows nothing until it takes again.
 */
export class EmptyPlaces {
  /** The empty batches of each queue (district, group year). */
  private readonly empty = new Map<string, Set<string>>();
  private generation = 0;
  private live = false;

  /** Subscribes to the announcements; resolves to the unsubscribe. */
  watch(listen: Listen): Promise<() => Promise<void>> {
    return listen(CHANNEL, {
      message: (payload) => {
        this.generation += 1;
        this.empty.delete(payload);
      },
      live: (live) => {
        this.generation += 1;
        this.empty.clear();
        this.live = live;
      },
    });
  }

  isEmpty(batchId: string, districtId: number, groupYear: number): boolean {
    return this.live && !!this.empty.get(queueKey(districtId, groupYear))?.has(batchId);
  }

  /** Taken before a take that may leave its batch empty; handed back to `markEmpty`. */
  takeStarted(): number {
    return this.generation;
  }

  /** The take that began at `generation` left the batch without a free place. */
  markEmpty(batchId: string, districtId: number, groupYear: number, generation: number): void {
    if (!this.live || generation !== this.generation) return;
    const key = queueKey(districtId, groupYear);
    const batches = this.empty.get(key) ?? new Set<string>();
    batches.add(batchId);
    this.empty.set(key, batches);
  }
}
