import type { Db } from '../db/connection.ts';
import { notFound } from '../problem.ts';
import { mayReadApplication } from './view.ts';

/**
 * Who acted, as the parent's history names them (docs/rules.md, "The journal and the
 * application"): the kindergarten and the education department by the events only they record;
 * another person is the other parent.
 */
const ACTOR_OF_EVENT: Record<string, 'kindergarten' | 'department'> = {
  'application.enrolled': 'kindergarten',
  'application.refusal_requested': 'kindergarten',
  'application.departed': 'kindergarten',
  'application.refusal_confirmed': 'department',
  'application.refusal_rejected': 'department',
};

function actorOf(actor: string, event: string, userId: number): string {
  if (actor === `user:${userId}`) return 'you';
  if (!actor.startsWith('user:')) return 'system';
  return ACTOR_OF_EVENT[event] ?? 'parent';
}

/** The history tab: every recorded change of the application, oldest first. */
export async function applicationHistory(db: Db, userId: number, id: string) {
  if (!(await mayReadApplication(db, userId, id))) throw notFound();
  const rows = await db
    .selectFrom('history')
    .select(['at', 'event', 'actor', 'before', 'after', 'evidence'])
    .where('subject_type', '=', 'application')
    .where('subject_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const before = (row.before ?? null) as Record<string, unknown> | null;
    const after = (row.after ?? null) as Record<string, unknown> | null;
    return {
      at: row.at.toISOString(),
      event: row.event,
      fromStatus: typeof before?.status === 'string' ? before.status : null,
      toStatus: typeof after?.status === 'string' ? after.status : null,
      actor: actorOf(row.actor, row.event, userId),
      details: after,
      signed: row.evidence !== null,
    };
  });
}

/** The documents tab: uploads and generated documents of the application. */
export async function applicationDocuments(db: Db, userId: number, id: string) {
  if (!(await mayReadApplication(db, userId, id))) throw notFound();
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'kind', 'title', 'created_at', 'content_type', 'size'])
    .where('application_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    createdAt: row.created_at.toISOString(),
    contentType: row.content_type,
    size: row.size,
  }));
}

/** A document of an application the user may read, or an upload of their own; else nothing. */
export async function documentFor(db: Db, userId: number, id: string) {
  const document = await db
    .selectFrom('documents as o')
    .leftJoin('applications as a', 'a.id', 'o.application_id')
    .selectAll('o')
    .select('a.number as application_number')
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!document) return null;
  if (document.application_id !== null) {
    return (await mayReadApplication(db, userId, document.application_id)) ? document : null;
  }
  return document.owner_user_id === userId ? document : null;
}
