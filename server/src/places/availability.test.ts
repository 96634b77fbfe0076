import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationHandlers } from '../db/notifications.ts';
import { openTestDatabase } from '../testing/harness.ts';
import { announceFreePlaces, EmptyPlaces } from './availability.ts';

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

describe('EmptyPlaces', () => {
  it('knows a batch empty from a take, until places are announced in its queue', async () => {
    const channel = fakeChannel();
    const places = new EmptyPlaces();
    await places.watch(channel.listen);
    places.markEmpty('b1', 3, 2022, places.takeStarted());
    expect(places.isEmpty('b1', 3, 2022)).toBe(true);
    expect(places.isEmpty('b2', 3, 2022)).toBe(false);
    channel.announce('3:2023');
    expect(places.isEmpty('b1', 3, 2022)).toBe(true);
    channel.announce('3:2022');
    expect(places.isEmpty('b1', 3, 2022)).toBe(false);
  });

  it('does not believe a take that began before an announcement it heard meanwhile', async () => {
    const channel = fakeChannel();
    const places = new EmptyPlaces();
    await places.watch(channel.listen);
    const started = places.takeStarted();
    channel.announce('3:2022'); // a place given back committed while the take was running
    places.markEmpty('b1', 3, 2022, started);
    expect(places.isEmpty('b1', 3, 2022)).toBe(false);
  });

  it('trusts nothing while the channel is down, and forgets what it knew when it went down', async () => {
    const channel = fakeChannel();
    const places = new EmptyPlaces();
    places.markEmpty('b1', 1, 2022, places.takeStarted());
    expect(places.isEmpty('b1', 1, 2022)).toBe(false); // not watching yet
    await places.watch(channel.listen);
    places.markEmpty('b1', 1, 2022, places.takeStarted());
    channel.live(false);
    expect(places.isEmpty('b1', 1, 2022)).toBe(false);
    places.markEmpty('b1', 1, 2022, places.takeStarted());
    channel.live(true);
    expect(places.isEmpty('b1', 1, 2022)).toBe(false);
  });
});

describe('announcements over the database (NOTIFY/LISTEN)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('reach every watcher when the transaction commits, and never when it rolls back', async () => {
    const instances = [new EmptyPlaces(), new EmptyPlaces()];
    const stops = await Promise.all(instances.map((places) => places.watch(database.listen)));
    try {
      for (const places of instances) {
        places.markEmpty('b7', 7, 2021, places.takeStarted());
        places.markEmpty('b8', 8, 2021, places.takeStarted());
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
        .poll(() => instances.map((places) => places.isEmpty('b8', 8, 2021)))
        .toEqual([false, false]);
      expect(instances.map((places) => places.isEmpty('b7', 7, 2021))).toEqual([true, true]);
      await database.db.transaction().execute((trx) => announceFreePlaces(trx, 7, 2021));
      await expect
        .poll(() => instances.map((places) => places.isEmpty('b7', 7, 2021)))
        .toEqual([false, false]);
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
  });
});
