import type { Pseudonyms } from '../pseudonym.ts';
import type { ApplicationRecord } from '@kezek/contracts';
import { applicationRows, toApplication } from '../applications/view.ts';
import { inScope, type Scope } from '../auth/scope.ts';
import type { Db } from '../db/connection.ts';
import { evidenceSigner } from '../signature/evidence.ts';

const ROLE_ORDER = ['admin', 'officer', 'staff', 'applicant'] as const;

/** Who acted, as a role: the account's strongest one; `system` for the deadline sweeps. */
function actorRole(roles: readonly string[] | undefined): string {
  return ROLE_ORDER.find((role) => roles?.includes(role)) ?? 'system';
}

/** Every recorded change of an application, with the actor's name and who signed it. */
async function recordHistory(db: Db, applicationId: string) {
  const rows = await db
    .selectFrom('history')
    .select(['at', 'event', 'actor', 'before', 'after', 'evidence'])
    .where('subject_type', '=', 'application')
    .where('subject_id', '=', applicationId)
    .orderBy('id')
    .execute();
  const userIds = [...new Set(rows.map((row) => /^user:(\d+)$/.exec(row.actor)?.[1]))]
    .filter((id) => id !== undefined)
    .map(Number);
  const users = new Map(
    (userIds.length
      ? await db
          .selectFrom('users')
          .select(['id', 'full_name', 'roles'])
          .where('id', 'in', userIds)
          .execute()
      : []
    ).map((user) => [`user:${user.id}`, user]),
  );
  return rows.map((row) => {
    const before = (row.before ?? null) as Record<string, unknown> | null;
    const after = (row.after ?? null) as Record<string, unknown> | null;
    const user = users.get(row.actor);
    return {
      at: row.at.toISOString(),
      event: row.event,
      fromStatus: typeof before?.status === 'string' ? before.status : null,
      toStatus: typeof after?.status === 'string' ? after.status : null,
      actor: actorRole(user?.roles),
      actorName: user?.full_name ?? null,
      details: after,
      signed: row.evidence !== null,
      signer: row.evidence ? evidenceSigner(row.evidence) : null,
    };
  });
}

/**
 * The department's application search (by the child's IIN or the application number) within the
 * officer's districts, each with its whole history and the signers of its signed changes.
 */
export async function searchApplications(
  db: Db,
  scope: Scope,
  query: { iin?: string | undefined; number?: string | undefined },
  now: Date,
  pseudonyms: Pseudonyms,
): Promise<ApplicationRecord[]> {
  let rows = applicationRows(db).where(inScope(scope, { district: 'a.district_id' }));
  if (query.iin !== undefined) rows = rows.where('a.child_iin', '=', query.iin);
  if (query.number !== undefined) rows = rows.where('a.number', '=', query.number);
  const found = await rows.orderBy('a.id', 'desc').limit(20).execute();
  return Promise.all(
    found.map(async (row) => ({
      // The applicant's buttons are not the officer's.
      application: { ...toApplication(row, now, pseudonyms), actions: [] },
      history: await recordHistory(db, row.id),
    })),
  );
}
