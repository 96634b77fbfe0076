import type { SessionStore } from '@fastify/session';
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';
import { USER_COLUMNS, signedInUserOf, type SignedInUser } from './users.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

type Callback = (error?: unknown) => void;
type SessionData = Parameters<SessionStore['set']>[1];

/**
 * The user of a session as the store read it with the session, for this request only: the
 * session object carries it (@fastify/session copies the stored fields onto the request's
 * session), but it is never stored — it serializes to nothing, so neither the store's
 * JSON.stringify nor the session's change check sees it. Every request reads it afresh.
 */
export class SessionUser {
  readonly userId: number;
  /** null: the user was deleted or made inactive since signing in. */
  readonly user: SignedInUser | null;

  constructor(userId: number, user: SignedInUser | null) {
    this.userId = userId;
    this.user = user;
  }

  toJSON(): undefined {
    return undefined;
  }
}

/** Every request reads its session: a prepared statement, planned once per connection. */
const sessionRow = preparedQuery('session', (db, sid: string) =>
  db
    .selectFrom('sessions as s')
    .leftJoin('users', (join) => join.on(sql<boolean>`users.id = (s.data ->> 'userId')::integer`))
    .select(['s.data', 's.expires_at', ...USER_COLUMNS])
    .where('s.sid', '=', sid),
);

/**
 * Sessions live in the database so that any instance can serve any request and restarts keep them.
 * Their lifetime follows the wall clock given here (the system's, as @fastify/session checks the
 * cookie by it), not the business clock: moving the test clock a year ahead must not sign
 * everybody out.
 */
export class DatabaseSessionStore implements SessionStore {
  private readonly db: Db;
  private readonly wallClock: Clock;

  constructor(db: Db, wallClock: Clock) {
    this.db = db;
    this.wallClock = wallClock;
  }

  set(sid: string, session: SessionData, callback: Callback): void {
    const expires =
      session.cookie.expires ?? new Date(this.wallClock.now().getTime() + SESSION_TTL_MS);
    const data = JSON.stringify(session);
    this.db
      .insertInto('sessions')
      .values({ sid, data, expires_at: new Date(expires) })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: new Date(expires) }))
      .execute()
      .then(() => callback(), callback);
  }

  /** The session and, in the same round trip, its signed-in user (see SessionUser). */
  get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    sessionRow(this.db, sid).then(([row]) => {
      if (!row || row.expires_at <= this.wallClock.now()) return callback(null, null);
      const data = row.data as SessionData & { userId?: number };
      if (typeof data.userId !== 'number') return callback(null, data);
      const restored: SessionData & { sessionUser: SessionUser } = {
        ...data,
        sessionUser: new SessionUser(data.userId, signedInUserOf(row)),
      };
      callback(null, restored);
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
