import type { Db } from '../db/connection.ts';

/** A page of a user's in-app messages (outbox channel `inapp`), newest first: one more than asked, to tell whether there is a next page. */
export function inboxPage(db: Db, userId: number, limit: number, before?: string) {
  let query = db
    .selectFrom('outbox')
    .select(['id', 'subject', 'body', 'language', 'created_at'])
    .where('channel', '=', 'inapp')
    .where('user_id', '=', userId);
  if (before !== undefined) query = query.where('id', '<', before);
  return query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
