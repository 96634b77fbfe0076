import type { SessionStore } from '@fastify/session';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../clock.ts';

type Callback = (error?: unknown) => void;
type SessionData = Parameters<SessionStore['set']>[1];

/** Sessions live in the database so that any instance can serve any request and restarts keep them. */
export class DatabaseSessionStore implements SessionStore {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly fallbackTtlMs: number;

  constructor(db: Db, clock: Clock, fallbackTtlMs: number) {
    this.db = db;
    this.clock = clock;
    this.fallbackTtlMs = fallbackTtlMs;
  }

  set(sid: string, session: SessionData, callback: Callback): void {
    const expires =
      session.cookie.expires ?? new Date(this.clock.now().getTime() + this.fallbackTtlMs);
    const data = JSON.stringify(session);
    this.db
      .insertInto('sessions')
      .values({ sid, data, expires_at: new Date(expires) })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: new Date(expires) }))
      .execute()
      .then(() => callback(), callback);
  }

  get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || row.expires_at <= this.clock.now()) return callback(null, null);
        callback(null, row.data as SessionData);
      }, callback);
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(() => callback(), callback);
  }
}
