import type { NearbyPreference } from '@kezek/contracts';
import {
  homeOutsideDistrict,
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
import { kindergartensByTurn } from '../places/by-turn.ts';

const TITLES: Record<PreferencesRefusal | 'home_outside_district', string> = {
  preferences_required: 'Rank at least one kindergarten',
  preferences_too_many: 'At most five kindergartens may be ranked',
  preferences_repeated: 'A kindergarten is ranked twice',
  preferences_outside_district: 'Rank kindergartens of the district that give places by turn',
  home_outside_district: 'Mark a home within reach of the district’s kindergartens',
};

/** A ranking: the named kindergartens, best first, and "any within N km of home" or null. */
export interface Ranking {
  kindergartenIds: readonly number[];
  nearby: NearbyPreference | null;
}

/**
 * The ranking checked by the domain's rules against the district's kindergartens that give places
 * by turn (docs/rules.md, "Ranked preferences"): the named ones among them, the home within reach
 * of those with coordinates; 422 with the rule's code otherwise.
 */
export async function checkedPreferences(
  db: Db,
  districtId: number,
  ranking: Ranking,
  policy: RegionPolicy,
): Promise<Ranking> {
  const { kindergartenIds, nearby } = ranking;
  const byTurn = await kindergartensByTurn(db, { districtId });
  const refusal = preferencesRefusal(
    kindergartenIds,
    policy.allocation === 'ranked',
    byTurn.ids,
    nearby !== null,
  );
  if (refusal) throw unprocessable(refusal, TITLES[refusal]);
  if (
    nearby &&
    homeOutsideDistrict(
      nearby.home,
      byTurn.placed.map((k) => k.point),
    )
  ) {
    throw unprocessable('home_outside_district', TITLES.home_outside_district);
  }
  return ranking;
}

/** Writes an application's ranking, best first, and its radius, in place of what it had. */
export async function writePreferences(
  trx: Trx,
  applicationId: string,
  { kindergartenIds, nearby }: Ranking,
): Promise<void> {
  await trx
    .deleteFrom('application_preferences')
    .where('application_id', '=', applicationId)
    .execute();
  await trx.deleteFrom('application_nearby').where('application_id', '=', applicationId).execute();
  if (kindergartenIds.length > 0) {
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
  if (nearby) {
    await trx
      .insertInto('application_nearby')
      .values({
        application_id: applicationId,
        radius_km: nearby.radiusKm,
        home_lat: nearby.home.lat,
        home_lon: nearby.home.lon,
      })
      .execute();
  }
}

/** What a history row says of a ranking: the named kindergartens, and the radius where set. */
export function rankingRecord({ kindergartenIds, nearby }: Ranking) {
  return { preferences: [...kindergartenIds], ...(nearby && { nearby }) };
}

/** An application's ranking as stored. */
async function storedRanking(trx: Trx, applicationId: string): Promise<Ranking> {
  const named = await trx
    .selectFrom('application_preferences')
    .select('kindergarten_id')
    .where('application_id', '=', applicationId)
    .orderBy('rank')
    .execute();
  const nearby = await trx
    .selectFrom('application_nearby')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return {
    kindergartenIds: named.map((k) => k.kindergarten_id),
    nearby: nearby
      ? {
          radiusKm: nearby.radius_km as NearbyPreference['radiusKm'],
          home: { lat: nearby.home_lat, lon: nearby.home_lon },
        }
      : null,
  };
}

/** The applicant changes the ranking (signed `application.preferences`), while the child waits. */
export async function changePreferences(
  { db, clock, user }: CommandContext,
  applicationId: string,
  signed: SignedAction<{
    applicationId: string;
    preferences: number[];
    nearby?: NearbyPreference | undefined;
  }>,
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
    const after = await checkedPreferences(
      trx,
      row.district_id,
      { kindergartenIds: signed.fields.preferences, nearby: signed.fields.nearby ?? null },
      policy,
    );
    const before = await storedRanking(trx, row.id);
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
      before: rankingRecord(before),
      after: rankingRecord(after),
      evidence: signed.evidence,
    });
  });
}
