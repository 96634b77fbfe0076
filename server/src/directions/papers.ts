import type { Language } from '@kezek/contracts';
import { benefitCategory, type RegionPolicy } from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import { fullNameOf } from '../db/names.ts';
import { directionDocumentList, type DirectionDocumentData } from '../documents/direction.ts';
import { issueDocuments, type IssuedDocument } from '../documents/store.ts';
import { formatAlmatyInstant, languageName } from '../documents/format.ts';
import { directionIssued } from '../notify/direction-messages.ts';
import { enqueueNotifications, type Notification } from '../notify/outbox.ts';
import { directionsWithChild } from './queries.ts';

/** The rows new directions' papers are made from. */
function paperRows(trx: Trx, directionIds: readonly string[]) {
  return directionsWithChild(trx)
    .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
    .select([
      'd.number',
      'd.verify_code',
      'd.issued_at',
      'd.expires_at',
      'd.group_year',
      'd.language as direction_language',
      'a.id as application_id',
      'a.number as application_number',
      'a.registered_at',
      'a.language',
      'a.email',
      'a.phone',
      'a.benefit_code',
      'a.applicant_user_id',
      'k.name_kk',
      'k.name_ru',
      'k.address',
      'k.phone as kindergarten_phone',
      'k.type as kindergarten_type',
      'child.iin as child_iin',
      'child.birth_date',
      fullNameOf('child').as('child_name'),
      'u.iin as applicant_iin',
      'u.full_name as applicant_name',
    ])
    .where('d.id', 'in', directionIds)
    .orderBy('d.id')
    .execute();
}

type PaperRow = Awaited<ReturnType<typeof paperRows>>[number];

/** One direction's documents and message, in the application's language. */
function directionPapers(
  row: PaperRow,
  publicUrl: string,
  policy: RegionPolicy,
): { documents: IssuedDocument[]; notification: Notification } {
  const language = row.language as Language;
  const verifyUrl = new URL(`/verify/${row.number}?code=${row.verify_code}`, publicUrl).toString();
  const data: DirectionDocumentData = {
    number: row.number,
    verifyCode: row.verify_code,
    verifyUrl,
    issuedAt: row.issued_at,
    validUntil: row.expires_at,
    enrolWorkingDays: policy.enrolWorkingDays,
    kindergarten: {
      name: language === 'kk' ? row.name_kk : row.name_ru,
      address: row.address,
      phone: row.kindergarten_phone,
    },
    groupYear: row.group_year,
    language: languageName(row.direction_language as Language, language),
    child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.birth_date },
    applicant: {
      iin: row.applicant_iin,
      fullName: row.applicant_name,
      phone: row.phone,
      email: row.email,
    },
    applicationNumber: row.application_number,
    registeredAt: row.registered_at,
    benefit: row.benefit_code
      ? (benefitCategory(row.benefit_code)?.name[language] ?? row.benefit_code)
      : null,
    benefitDocMaxAgeDays: policy.benefitDocMaxAgeDays,
    toPrivate: row.kindergarten_type === 'private',
  };
  const owner = { userId: row.applicant_user_id, applicationId: row.application_id };
  return {
    documents: directionDocumentList(data, language).map(({ kind, title }) => ({
      title,
      source: { template: 'direction', kind, language, data },
      owner,
    })),
    notification: {
      to: { userId: row.applicant_user_id, email: row.email, phone: row.phone },
      language,
      message: directionIssued(
        {
          applicationNumber: row.application_number,
          directionNumber: row.number,
          childName: row.child_name,
          kindergarten: language === 'kk' ? row.name_kk : row.name_ru,
          until: formatAlmatyInstant(row.expires_at),
          toPrivate: row.kindergarten_type === 'private',
          benefitDocMaxAgeDays: row.benefit_code ? policy.benefitDocMaxAgeDays : null,
        },
        language,
      ),
    },
  };
}

/**
 * What new directions hand their applicants: the PDF (with its QR code), the child card, the
 * message. Set-based: one read, one insert of documents and one of messages for all of them.
 */
export async function issueDirectionPapers(
  trx: Trx,
  publicUrl: string,
  directionIds: readonly string[],
  policy: RegionPolicy,
  now: Date,
): Promise<void> {
  if (directionIds.length === 0) return;
  const papers = (await paperRows(trx, directionIds)).map((row) =>
    directionPapers(row, publicUrl, policy),
  );
  await issueDocuments(
    trx,
    papers.flatMap((paper) => paper.documents),
    now,
  );
  await enqueueNotifications(
    trx,
    papers.map((paper) => paper.notification),
    now,
  );
}
