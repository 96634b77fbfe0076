import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { ApplicantAddress, Language } from '@kezek/contracts';
import { benefitCategory } from '@kezek/domain';
import type { Trx } from '../db/connection.ts';
import type { ApplicationsTable } from '../db/schema.ts';
import { documentMessages } from '../documents/messages.ts';
import {
  REGISTRATION_DOCUMENT_KINDS,
  type RegistrationDocumentData,
} from '../documents/registration.ts';
import { issueDocuments } from '../documents/store.ts';
import { registrationAccepted } from '../notify/messages.ts';
import { enqueueNotification } from '../notify/outbox.ts';
import { queueNumbers } from './queue.ts';

const personName = (alias: string) =>
  sql<string>`concat_ws(' ', ${sql.ref(`${alias}.last_name`)}, ${sql.ref(`${alias}.first_name`)}, ${sql.ref(`${alias}.middle_name`)})`;

/**
 * What a registration hands the applicant, inside the registering transaction: the three
 * registration documents in the applicant's language, and the e-mail, SMS and in-app message
 * (docs/rules.md, "Documents and notifications").
 */
export async function issueRegistrationPapers(
  trx: Trx,
  application: Selectable<ApplicationsTable>,
  pseudonym: string,
  now: Date,
): Promise<void> {
  const language = application.language as Language;
  const context = await trx
    .selectFrom('districts as d')
    .innerJoin('regions as r', 'r.id', 'd.region_id')
    .innerJoin('persons as child', (join) => join.on('child.iin', '=', application.child_iin))
    .innerJoin('users as u', (join) => join.on('u.id', '=', application.applicant_user_id))
    .select([
      'd.name_kk as district_kk',
      'd.name_ru as district_ru',
      'd.name_en as district_en',
      'r.name_kk as region_kk',
      'r.name_ru as region_ru',
      'r.name_en as region_en',
      personName('child').as('child_name'),
      'child.birth_date as child_birth_date',
      'u.iin as applicant_iin',
      'u.full_name as applicant_name',
    ])
    .where('d.id', '=', application.district_id)
    .executeTakeFirstOrThrow();
  const attachments = await trx
    .selectFrom('documents')
    .select(['title', 'sha256'])
    .where('application_id', '=', application.id)
    .where('kind', '=', 'attachment')
    .orderBy('id')
    .execute();
  const numbers = await queueNumbers(trx, application.id);
  const category = application.benefit_code ? benefitCategory(application.benefit_code) : undefined;
  const district = { kk: context.district_kk, ru: context.district_ru, en: context.district_en };
  const data: RegistrationDocumentData = {
    applicationNumber: application.number,
    pseudonym,
    registeredAt: application.registered_at,
    district,
    region: { kk: context.region_kk, ru: context.region_ru, en: context.region_en },
    child: {
      iin: application.child_iin,
      fullName: context.child_name,
      birthDate: context.child_birth_date,
    },
    applicant: {
      iin: context.applicant_iin,
      fullName: context.applicant_name,
      email: application.email,
      phone: application.phone,
      address: application.address,
      addressParts: application.address_parts as ApplicantAddress | null,
    },
    queueNumber: numbers.queueNumber!,
    benefitQueueNumber: numbers.benefitQueueNumber,
    benefit: category ? { category: category.name } : null,
    groupYear: application.group_year,
    attachments: attachments.map((a) => ({ name: a.title, sha256: a.sha256! })),
  };
  const owner = { userId: application.applicant_user_id, applicationId: application.id };
  await issueDocuments(
    trx,
    REGISTRATION_DOCUMENT_KINDS.map((kind) => ({
      title: documentMessages[language].titles[kind],
      source: { template: 'registration', kind, language, data },
      owner,
    })),
    now,
  );
  await enqueueNotification(
    trx,
    { userId: application.applicant_user_id, email: application.email, phone: application.phone },
    language,
    registrationAccepted(
      {
        applicationNumber: application.number,
        childName: context.child_name,
        queueNumber: numbers.queueNumber!,
        district,
      },
      language,
    ),
    now,
  );
}
