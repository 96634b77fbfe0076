import type { PGlite } from '@electric-sql/pglite';
import createPostgresSubscriber from 'pg-listen';

export interface NotificationHandlers {
  message(payload: string): void;
  /**
   * Whether notifications are arriving: false from a lost connection until it is back (and
   * LISTEN again), true again after. What was sent in between is lost, so a cache that relies on
   * the channel must forget everything when live turns false and trust nothing until it is true.
   */
  live(live: boolean): void;
}

/** Subscribes to a NOTIFY channel; resolves to the unsubscribe. */
export type Listen = (
  channel: string,
  handlers: NotificationHandlers,
) => Promise<() => Promise<void>>;

/**
 * On PostgreSQL a connection of its own (not the pool's: LISTEN belongs to one session), kept up
 * by pg-listen, which reconnects and listens again after a restart or failover; never given up.
 */
export function postgresListen(url: string): Listen {
  return async (channel, handlers) => {
    const subscriber = createPostgresSubscriber(
      { connectionString: url },
      {
        parse: (payload) => payload,
        retryTimeout: 0,
        retryInterval: (n) => Math.min(5000, 250 * 2 ** n),
      },
    );
    subscriber.notifications.on(channel, (payload: string) => handlers.message(payload));
    subscriber.events.on('reconnect', () => handlers.live(false));
    subscriber.events.on('error', () => handlers.live(false));
    // After a reconnection pg-listen has listened again before it says 'connected'; the first
    // 'connected' comes before the first LISTEN, so live starts once that has run.
    let listening = false;
    subscriber.events.on('connected', () => listening && handlers.live(true));
    await subscriber.connect();
    await subscriber.listenTo(channel);
    listening = true;
    handlers.live(true);
    return async () => {
      handlers.live(false);
      await subscriber.close();
    };
  };
}

/** PGlite runs in this process: its notifications are never lost. */
export function pgliteListen(pglite: PGlite): Listen {
  return async (channel, handlers) => {
    const unlisten = await pglite.listen(channel, (payload) => handlers.message(payload));
    handlers.live(true);
    return async () => {
      handlers.live(false);
      await unlisten();
    };
  };
}
