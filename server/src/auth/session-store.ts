import type { SessionStore } from '@fastify/session';
import type { Db } from '../db/connection.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

type Callback = (error?: unknown) => void;
type SessionData = Parameters<SessionStore['set']>[1];

/**
 * Sessions live in the database so that any instance can serve any request and restarts keep them.
 * Their lifetime follows the wall clock, as @fastify/session checks it, not the injected business
 * clock: moving the test clock a year ahead must not sign everybody out.
 */
export class DatabaseSessionStore implements SessionStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  set(sid: string, session: SessionData, callback: Callback): void {
    const expires = session.cookie.expires ?? new Date(Date.now() + SESSION_TTL_MS);
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
        if (!row || row.expires_at.getTime() <= Date.now()) return callback(null, null);
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
