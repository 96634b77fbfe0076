import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationHandlers } from '../db/notifications.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { announceFreePlaces, SoldOutQueues } from './availability.ts';

/** A channel driven by the test: what NOTIFY and a lost connection would tell the watcher. */
function fakeChannel() {
  let handlers: NotificationHandlers | null = null;
  return {
    listen: async (_channel: string, given: NotificationHandlers) => {
      handlers = given;
      given.live(true);
      return async () => {};
    },
    announce: (payload: string) => handlers!.message(payload),
    live: (live: boolean) => handlers!.live(live),
  };
}

describe('SoldOutQueues', () => {
  it('knows a queue sold out from a read, until places are announced in it', async () => {
    const channel = fakeChannel();
    const queues = new SoldOutQueues();
    await queues.watch(channel.listen);
    queues.markSoldOut(3, 2022, queues.readStarted());
    expect(queues.isSoldOut(3, 2022)).toBe(true);
    expect(queues.isSoldOut(3, 2023)).toBe(false);
    channel.announce('3:2023');
    expect(queues.isSoldOut(3, 2022)).toBe(true);
    channel.announce('3:2022');
    expect(queues.isSoldOut(3, 2022)).toBe(false);
  });

  it('does not believe a read that began before an announcement it heard meanwhile', async () => {
    const channel = fakeChannel();
    const queues = new SoldOutQueues();
    await queues.watch(channel.listen);
    const started = queues.readStarted();
    channel.announce('3:2022'); // a release committed while the read was running
    queues.markSoldOut(3, 2022, started);
    expect(queues.isSoldOut(3, 2022)).toBe(false);
  });

  it('trusts nothing while the channel is down, and forgets what it knew when it went down', async () => {
    const channel = fakeChannel();
    const queues = new SoldOutQueues();
    expect(queues.isSoldOut(1, 2022)).toBe(false);
    queues.markSoldOut(1, 2022, queues.readStarted());
    expect(queues.isSoldOut(1, 2022)).toBe(false); // not watching yet
    await queues.watch(channel.listen);
    queues.markSoldOut(1, 2022, queues.readStarted());
    channel.live(false);
    expect(queues.isSoldOut(1, 2022)).toBe(false);
    queues.markSoldOut(1, 2022, queues.readStarted());
    channel.live(true);
    expect(queues.isSoldOut(1, 2022)).toBe(false);
  });
});

describe('announcements over the database (NOTIFY/LISTEN)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('reach every watcher when the transaction commits, and never when it rolls back', async () => {
    const instances = [new SoldOutQueues(), new SoldOutQueues()];
    const stops = await Promise.all(instances.map((queues) => queues.watch(database.listen)));
    try {
      for (const queues of instances) {
        queues.markSoldOut(7, 2021, queues.readStarted());
        queues.markSoldOut(8, 2021, queues.readStarted());
      }
      await database.db
        .transaction()
        .execute(async (trx) => {
          await announceFreePlaces(trx, 7, 2021);
          throw new Error('rolled back');
        })
        .catch(() => {});
      // Notifications arrive in commit order: once the later commit's is heard, the rolled-back
      // one would have been heard before it, had it been sent.
      await database.db.transaction().execute((trx) => announceFreePlaces(trx, 8, 2021));
      await expect
        .poll(() => instances.map((queues) => queues.isSoldOut(8, 2021)))
        .toEqual([false, false]);
      expect(instances.map((queues) => queues.isSoldOut(7, 2021))).toEqual([true, true]);
      await database.db.transaction().execute((trx) => announceFreePlaces(trx, 7, 2021));
      await expect
        .poll(() => instances.map((queues) => queues.isSoldOut(7, 2021)))
        .toEqual([false, false]);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
  });
});
