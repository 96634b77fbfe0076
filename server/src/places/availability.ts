import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Listen } from '../db/notifications.ts';

/** The channel on which every transaction that frees a place says which queue it freed it in. */
const CHANNEL = 'kezek_places';

const queueKey = (districtId: number, groupYear: number) => `${districtId}:${groupYear}`;

/**
 * Inside a transaction that adds free places to a queue (a release, a place given back): every
 * instance hears of it when, and only if, the transaction commits (NOTIFY is transactional).
 */
export async function announceFreePlaces(
  trx: Db,
  districtId: number,
  groupYear: number,
): Promise<void> {
  await sql`select pg_notify(${CHANNEL}, ${queueKey(districtId, groupYear)})`.execute(trx);
}

/**
 * The queues (district, group year) and the place batches this instance knows to have no free
 * place left. On a release morning thousands of parents press "choose" after the last place is
 * gone; each of them is refused here without the database, so the refusals never wait behind the
 * winners.
 *
 * Knowing is careful: a queue or batch is marked only from a database read or write that began
 * after the last announcement this instance heard (a generation counter), every announcement of
 * free places unmarks its queue and the queue's batches, and nothing is trusted while the channel
 * is not live (a lost connection may have lost announcements).
 */
export class SoldOutQueues {
  /** Sold-out queues, and the empty batches of each queue (a batch may empty before its queue). */
  private readonly soldOut = new Set<string>();
  private readonly emptyBatches = new Map<string, Set<string>>();
  private generation = 0;
  private live = false;

  /** Subscribes to the announcements; resolves to the unsubscribe. */
  watch(listen: Listen): Promise<() => Promise<void>> {
    return listen(CHANNEL, {
      message: (payload) => {
        this.generation += 1;
        this.soldOut.delete(payload);
        this.emptyBatches.delete(payload);
      },
      live: (live) => {
        this.generation += 1;
        this.soldOut.clear();
        this.emptyBatches.clear();
        this.live = live;
      },
    });
  }

  isSoldOut(districtId: number, groupYear: number): boolean {
    return this.live && this.soldOut.has(queueKey(districtId, groupYear));
  }

  isEmpty(batchId: string, districtId: number, groupYear: number): boolean {
    return (
      this.isSoldOut(districtId, groupYear) ||
      (this.live && !!this.emptyBatches.get(queueKey(districtId, groupYear))?.has(batchId))
    );
  }

  /** Taken before a read or write that may find a queue or batch empty; handed back to a mark. */
  readStarted(): number {
    return this.generation;
  }

  /** The read that began at `generation` found no free place in the queue. */
  markSoldOut(districtId: number, groupYear: number, generation: number): void {
    if (this.live && generation === this.generation)
      this.soldOut.add(queueKey(districtId, groupYear));
  }

  /** The transaction that began at `generation` left the batch without a free place. */
  markEmpty(batchId: string, districtId: number, groupYear: number, generation: number): void {
    if (!this.live || generation !== this.generation) return;
    const key = queueKey(districtId, groupYear);
    const batches = this.emptyBatches.get(key) ?? new Set<string>();
    batches.add(batchId);
    this.emptyBatches.set(key, batches);
  }
}
