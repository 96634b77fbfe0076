import {
  preferencesChangeOpen,
  preferencesRefusal,
  type PreferencesRefusal,
  type RegionPolicy,
} from '@kezek/domain';
import { loadPolicy } from '../admin/policy.ts';
import type { CommandContext } from '../context.ts';
import type { Db, Trx } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { conflict, notFound, unprocessable } from '../problem.ts';
import { visibleTo } from '../auth/scope.ts';

const TITLES: Record<PreferencesRefusal, string> = {
  preferences_required: 'Rank at least one kindergarten',
  preferences_too_many: 'At most five kindergartens may be ranked',
  preferences_repeated: 'A kindergarten is ranked twice',
  preferences_outside_district: 'Rank kindergartens of the district that give places by turn',
};

/**
 * The ranking checked by the domain's rule against the district's kindergartens that give places
 * by turn (docs/rules.md, "Ranked preferences"); 422 with the rule's code otherwise.
 */
export async function checkedPreferences(
  db: Db,
  districtId: number,
  kindergartenIds: readonly number[],
  policy: RegionPolicy,
): Promise<readonly number[]> {
  const offeredByTurn = await db
    .selectFrom('kindergartens')
    .select('id')
    .where('district_id', '=', districtId)
    .where('type', '<>', 'private')
    .where('id', 'in', kindergartenIds.length ? [...kindergartenIds] : [0])
    .execute();
  const refusal = preferencesRefusal(
    kindergartenIds,
    policy.allocation === 'ranked',
    new Set(offeredByTurn.map((k) => k.id)),
  );
  if (refusal) throw unprocessable(refusal, TITLES[refusal]);
  return kindergartenIds;
}

/** Writes an application's ranking, best first, in place of the one it had. */
export async function writePreferences(
  trx: Trx,
  applicationId: string,
  kindergartenIds: readonly number[],
): Promise<void> {
  await trx
    .deleteFrom('application_preferences')
    .where('application_id', '=', applicationId)
    .execute();
  if (kindergartenIds.length === 0) return;
  await trx
    .insertInto('application_preferences')
    .values(
      kindergartenIds.map((kindergartenId, index) => ({
        application_id: applicationId,
        rank: index + 1,
        kindergarten_id: kindergartenId,
      })),
    )
    .execute();
}

/** The applicant changes the ranking (signed `application.preferences`), while the child waits. */
export async function changePreferences(
  { db, clock, user }: CommandContext,
  applicationId: string,
  signed: SignedAction<{ applicationId: string; preferences: number[] }>,
): Promise<void> {
  if (signed.fields.applicationId !== applicationId) throw notFound();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('applications as a')
      .select(['a.id', 'a.status', 'a.region_id', 'a.district_id'])
      .where('a.id', '=', applicationId)
      .where(visibleTo(user.id))
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound();
    const policy = (await loadPolicy(trx, row.region_id))!;
    if (!preferencesChangeOpen(row.status, policy.allocation === 'ranked'))
      throw conflict('action_not_allowed', 'The ranking cannot be changed now');
    const after = await checkedPreferences(trx, row.district_id, signed.fields.preferences, policy);
    const before = await trx
      .selectFrom('application_preferences')
      .select('kindergarten_id')
      .where('application_id', '=', row.id)
      .orderBy('rank')
      .execute();
    await writePreferences(trx, row.id, after);
    const now = clock.now();
    await trx
      .updateTable('applications')
      .set({ last_changed_at: now })
      .where('id', '=', row.id)
      .execute();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'application.preferences_changed',
      subjectType: 'application',
      subjectId: row.id,
      before: { preferences: before.map((k) => k.kindergarten_id) },
      after: { preferences: after },
      evidence: signed.evidence,
    });
  });
}
