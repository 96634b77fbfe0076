import { sql } from 'kysely';
import { addressLine, type CreateApplicationFields, type Language } from '@kezek/contracts';
import {
  ACTIVE_STATUSES,
  ageInYears,
  applicationNumber,
  benefitCategory,
  endOfLocalDay,
  firstDayOfMonth,
  interestDeadline,
  LIVE_DIRECTION_STATUSES,
  localDateOf,
  type QueueClass,
  wantedFromRefusal,
} from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import { conflict, unprocessable, uniqueViolation } from '../problem.ts';
import { loadPolicy } from '../admin/policy.ts';
import { localPersonRegistry } from '../registry/registry.ts';
import type { SignedAction } from '../http/signed-action.ts';
import { issueRegistrationPapers } from './papers.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { checkedPreferences, writePreferences } from './preferences.ts';
import type { CommandContext } from '../context.ts';

export const childAlreadyQueued = () =>
  conflict('child_already_queued', 'The child is already in the queue');

/**
 * After a private choice the child may be queued again only once enrolled and attending (seed
 * 000; docs/rules.md, "Registration and eligibility"): while any direction of the child is live, a
 * new application is refused, so one child never holds two live directions. A live direction of
 * an active application in this region is the child already queued. The child's applications are
 * locked first, so a choice under way (which locks its application) commits before the
 * directions are read.
 */
async function refuseWhileDirectionLive(
  trx: Trx,
  childIin: string,
  regionId: number,
): Promise<void> {
  await trx
    .selectFrom('applications')
    .select('id')
    .where('child_iin', '=', childIin)
    .forShare()
    .execute();
  const live = await trx
    .selectFrom('directions as d')
    .innerJoin('applications as a', 'a.id', 'd.application_id')
    .select(['a.status', 'a.region_id'])
    .where('a.child_iin', '=', childIin)
    .where('d.status', 'in', LIVE_DIRECTION_STATUSES)
    .executeTakeFirst();
  if (!live) return;
  if (live.region_id === regionId && ACTIVE_STATUSES.includes(live.status)) {
    throw childAlreadyQueued();
  }
  throw conflict(
    'private_enrolment_pending',
    'The child holds a direction: apply again once the child is enrolled',
  );
}

/** The benefit claim checked against the categories and the signer's own, unused uploads. */
export async function checkedBenefit(
  trx: Trx,
  userId: number,
  claim: CreateApplicationFields['benefit'],
) {
  if (!claim) return null;
  const category = benefitCategory(claim.categoryCode);
  if (!category) throw unprocessable('unknown_benefit_category', 'Unknown benefit category');
  const ids = claim.attachments.map((a) => a.id);
  if (claim.attachmentIds && [...claim.attachmentIds].sort().join() !== [...ids].sort().join()) {
    throw unprocessable('unknown_attachment', 'attachmentIds and attachments differ');
  }
  const uploads = ids.length
    ? await trx
        .selectFrom('documents')
        .select(['id', 'sha256'])
        .where('id', 'in', ids)
        .where('owner_user_id', '=', userId)
        .where('kind', '=', 'attachment')
        .where('application_id', 'is', null)
        .execute()
    : [];
  const bySha = new Map(uploads.map((u) => [u.id, u.sha256]));
  if (
    !claim.attachments.every((a) => bySha.get(a.id) === a.sha256) ||
    new Set(ids).size !== ids.length
  ) {
    throw unprocessable(
      'unknown_attachment',
      'An attachment is not yours, already used, or its content changed',
    );
  }
  return { category, attachmentIds: ids };
}

/**
 * Registers a signed `application.create` at once, in one transaction: the application, its
 * attachments, the history row with the signature, the three documents (with the application's
 * public pseudonym) and the notifications.
 * Any refusal leaves nothing behind.
 */
export async function registerApplication(
  { db, clock, user }: CommandContext,
  signed: SignedAction<CreateApplicationFields>,
  language: Language,
  pseudonyms: Pseudonyms,
): Promise<string> {
  const fields = signed.fields;
  const registry = localPersonRegistry(db);
  const [child, applicant] = await Promise.all([
    registry.find(fields.child.iin),
    registry.find(user.iin),
  ]);
  if (!child || !applicant)
    throw unprocessable('unknown_person', 'The person registry does not know this IIN');
  if (!(await registry.isParentOf(user.iin, child.iin))) {
    throw unprocessable('not_a_parent', 'The registry does not list you as a parent of this child');
  }
  const district = await db
    .selectFrom('districts')
    .select(['id', 'region_id'])
    .where('id', '=', fields.districtId)
    .executeTakeFirst();
  if (!district) throw unprocessable('unknown_district', 'Unknown district');
  const policy = (await loadPolicy(db, district.region_id))!;
  const now = clock.now();
  const today = localDateOf(now);
  if (ageInYears(child.birthDate, today) >= policy.ageLimitYears) {
    throw unprocessable('child_too_old', `The child has reached ${policy.ageLimitYears}`);
  }
  if (
    fields.wantedFrom &&
    wantedFromRefusal(fields.wantedFrom, today, child.birthDate, policy.ageLimitYears)
  ) {
    throw unprocessable(
      'wanted_from_out_of_range',
      'The month a place is wanted from must be this month or later, before the age limit',
    );
  }
  const ranking = await checkedPreferences(
    db,
    district.id,
    { kindergartenIds: fields.preferences ?? [], nearby: fields.nearby ?? null },
    policy,
  );
  try {
    return await db.transaction().execute(async (trx) => {
      await refuseWhileDirectionLive(trx, child.iin, district.region_id);
      const benefit = await checkedBenefit(trx, user.id, fields.benefit);
      const serial = await sql<{
        serial: string;
      }>`select nextval('application_serial') as serial`.execute(trx);
      const number = applicationNumber(Number(today.slice(0, 4)), Number(serial.rows[0]!.serial));
      const queueClass: QueueClass = benefit?.category.class ?? 'general';
      const row = await trx
        .insertInto('applications')
        .values({
          number,
          region_id: district.region_id,
          district_id: district.id,
          group_year: Number(child.birthDate.slice(0, 4)),
          child_iin: child.iin,
          applicant_user_id: user.id,
          status: 'queued',
          queue_class: queueClass,
          benefit_code: benefit?.category.code ?? null,
          benefit_status: benefit ? 'claimed' : null,
          registered_at: now,
          last_changed_at: now,
          interest_confirmed_until: endOfLocalDay(interestDeadline(today, policy.interestMonths)),
          language,
          email: fields.applicant.email,
          phone: fields.applicant.phone,
          extra_email: fields.applicant.extraEmail ?? null,
          extra_phone: fields.applicant.extraPhone ?? null,
          address: fields.applicant.address ? addressLine(fields.applicant.address) : null,
          address_parts: fields.applicant.address ? JSON.stringify(fields.applicant.address) : null,
          wanted_from: fields.wantedFrom ? firstDayOfMonth(fields.wantedFrom) : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (benefit?.attachmentIds.length) {
        await trx
          .updateTable('documents')
          .set({ application_id: row.id })
          .where('id', 'in', benefit.attachmentIds)
          .execute();
      }
      const pseudonym = pseudonyms.of(row.id);
      // Kept beside the application: the transparency log's leaves carry it (migration 0039).
      await trx.updateTable('applications').set({ pseudonym }).where('id', '=', row.id).execute();
      await writePreferences(trx, row.id, ranking);
      await issueRegistrationPapers(trx, row, pseudonym, now);
      // Last: the chain's head, once locked, is held to the commit, and every registration, choice
      // and release of the country waits for it.
      await appendHistory(trx, {
        at: now,
        actor: `user:${user.id}`,
        event: 'application.registered',
        subjectType: 'application',
        subjectId: row.id,
        before: null,
        after: {
          status: 'queued',
          number,
          queueClass,
          benefit: benefit?.category.code ?? null,
          ...(fields.wantedFrom && { wantedFrom: fields.wantedFrom }),
          ...(ranking.kindergartenIds.length > 0 && { preferences: ranking.kindergartenIds }),
          ...(ranking.nearby && { nearby: ranking.nearby }),
        },
        evidence: signed.evidence,
      });
      return row.id;
    });
  } catch (error) {
    const taken = uniqueViolation(error, {
      applications_one_active_per_child: childAlreadyQueued(),
    });
    throw taken ?? error;
  }
}
