import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Language } from '@kezek/contracts';
import { directionNumber, localDateOf, turnWindowEnd } from '@kezek/domain';
import { fullNameOf } from '../db/names.ts';
import { issueDirectionPapers } from '../directions/papers.ts';
import type { HistoryEntry } from '../history/history.ts';
import { APPLICANT_CONTACT, notifyApplicant } from '../notify/applicant.ts';
import { transferGranted } from '../notify/transfer-messages.ts';
import { lockQueue } from '../places/allocate.ts';
import type { ReleasedBatch, ServeTransfers } from '../places/release.ts';
import { kindergartenNameIn } from '../reference/kindergarten-name.ts';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const verifyCode = () =>
  [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

/**
 * Transfers served from places released (docs/rules.md, "Transfers"): the batch's places go first
 * to the open transfer requests of its district and group year that rank its kindergarten, in the
 * order they were made. Each granted request, in the release's transaction: a direction to the
 * new kindergarten that is enrolled at once (its papers issued), a new enrolment there, the old
 * enrolment ended (reason `transfer`), one place given back to the old kindergarten as a new
 * batch of its base (served in turn as any release), the history and the parent's message.
 * `userId` is who released the places (the rows' `created_by`/`enrolled_by`).
 */
export function transferServer(userId: number, publicUrl: string): ServeTransfers {
  return async (trx, batch, policy, now) => {
    if (batch.kindergarten.type === 'private') return { granted: 0, history: [], returned: [] };
    const requests = await trx
      .selectFrom('transfer_requests as r')
      .innerJoin('applications as a', 'a.id', 'r.application_id')
      .innerJoin('enrolments as e', 'e.id', 'r.enrolment_id')
      .innerJoin('directions as d', 'd.id', 'e.direction_id')
      .innerJoin('kindergartens as old', 'old.id', 'e.kindergarten_id')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .select([
        'r.id',
        'r.requested_at',
        'a.id as application_id',
        'a.number as application_number',
        'a.child_iin',
        ...APPLICANT_CONTACT,
        fullNameOf('child').as('child_name'),
        'e.id as enrolment_id',
        'e.group_year',
        'd.language as old_language',
        'old.id as old_id',
        'old.district_id as old_district_id',
        'old.name_kk',
        'old.name_ru',
        'old.type as old_type',
      ])
      .where('r.status', '=', 'open')
      .where('a.status', '=', 'enrolled')
      .where('a.district_id', '=', batch.kindergarten.district_id)
      .where('e.group_year', '=', batch.groupYear)
      .where('e.departed_on', 'is', null)
      .where(sql<boolean>`${batch.kindergarten.id} = any(r.kindergarten_ids)`)
      .orderBy('r.requested_at')
      .orderBy('r.id')
      .limit(batch.count)
      .forUpdate(['r', 'e'])
      .execute();
    if (requests.length === 0) return { granted: 0, history: [], returned: [] };
    const today = localDateOf(now);
    const serials = (
      await sql<{ v: string }>`select nextval('direction_serial') as v
          from generate_series(1, ${requests.length})`.execute(trx)
    ).rows.map((row) => Number(row.v));
    const history: HistoryEntry[] = [];
    const returned: ReleasedBatch[] = [];
    const directionIds: string[] = [];
    const turnUntil = turnWindowEnd(now, policy.turnWindowDays);
    for (const [i, r] of requests.entries()) {
      const direction = await trx
        .insertInto('directions')
        .values({
          number: directionNumber(Number(today.slice(0, 4)), serials[i]!),
          verify_code: verifyCode(),
          application_id: r.application_id,
          place_batch_id: batch.id,
          kindergarten_id: batch.kindergarten.id,
          group_year: batch.groupYear,
          language: batch.language,
          status: 'enrolled',
          issued_at: now,
          expires_at: now,
        })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow();
      directionIds.push(direction.id);
      const enrolment = await trx
        .insertInto('enrolments')
        .values({
          direction_id: direction.id,
          application_id: r.application_id,
          kindergarten_id: batch.kindergarten.id,
          child_iin: r.child_iin,
          group_year: r.group_year,
          enrolled_at: now,
          enrolled_by: userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('enrolments')
        .set({
          departed_on: today,
          departure_reason: 'transfer',
          departed_by: userId,
          departure_recorded_at: now,
        })
        .where('id', '=', r.enrolment_id)
        .execute();
      // The old kindergarten's place comes back to its base, created by the system.
      const language = r.old_language as Language;
      await lockQueue(trx, r.old_district_id, r.group_year);
      const back = await trx
        .insertInto('place_batches')
        .values({
          kindergarten_id: r.old_id,
          district_id: r.old_district_id,
          group_year: r.group_year,
          language,
          total: 1,
          free: 1,
          state: 'waiting',
          turn_until: turnUntil,
          created_by: userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('transfer_requests')
        .set({
          status: 'granted',
          decided_at: now,
          granted_enrolment_id: enrolment.id,
          returned_batch_id: back.id,
        })
        .where('id', '=', r.id)
        .execute();
      returned.push({
        id: back.id,
        kindergarten: {
          id: r.old_id,
          district_id: r.old_district_id,
          name_kk: r.name_kk,
          name_ru: r.name_ru,
          type: r.old_type,
        },
        groupYear: r.group_year,
        language,
        count: 1,
      });
      history.push(
        {
          at: now,
          actor: 'system',
          event: 'application.transferred',
          subjectType: 'application',
          subjectId: r.application_id,
          before: { status: 'enrolled', enrolment: r.enrolment_id, kindergarten: r.old_id },
          after: {
            status: 'enrolled',
            direction: direction.number,
            placeBatch: batch.id,
            enrolment: enrolment.id,
            kindergarten: batch.kindergarten.id,
            transferRequest: r.id,
            requestedAt: r.requested_at.toISOString(),
            placeBackTo: back.id,
          },
        },
        {
          at: now,
          actor: 'system',
          event: 'places.added',
          subjectType: 'place_batch',
          subjectId: back.id,
          before: null,
          after: {
            kindergartenId: r.old_id,
            groupYear: r.group_year,
            language,
            count: 1,
            turnUntil: turnUntil.toISOString(),
            from: 'transfer',
            application: r.application_id,
          },
        },
      );
      await notifyApplicant(
        trx,
        r,
        (lang) =>
          transferGranted(
            {
              applicationNumber: r.application_number,
              childName: r.child_name,
              from: kindergartenNameIn(r, lang),
              to: kindergartenNameIn(batch.kindergarten, lang),
            },
            lang,
          ),
        now,
      );
    }
    await trx
      .updateTable('place_batches')
      .set((eb) => ({ free: eb('free', '-', requests.length) }))
      .where('id', '=', batch.id)
      .execute();
    await issueDirectionPapers(trx, publicUrl, directionIds, policy, now);
    return { granted: requests.length, history, returned };
  };
}
