import { createHash } from 'node:crypto';
import type { Language } from '@kezek/contracts';
import type { Db, Trx } from '../db/connection.ts';
import {
  directionPdf,
  type DirectionDocumentData,
  type DirectionDocumentKind,
} from './direction.ts';
import {
  registrationPdf,
  type RegistrationDocumentData,
  type RegistrationDocumentKind,
} from './registration.ts';

/** What a generated document says: its template, kind, language and data, as issued. */
export type DocumentSource =
  | {
      template: 'registration';
      kind: RegistrationDocumentKind;
      language: Language;
      data: RegistrationDocumentData;
    }
  | {
      template: 'direction';
      kind: DirectionDocumentKind;
      language: Language;
      data: DirectionDocumentData;
    };

export interface IssuedDocument {
  title: string;
  source: DocumentSource;
  owner: { userId: number; applicationId: string };
}

/**
 * Issues documents to the application's documents tab, in the transaction of the change they
 * report: the rows with their sources; each PDF is rendered when first read (documentContent).
 */
export async function issueDocuments(
  trx: Trx,
  documents: readonly IssuedDocument[],
  now: Date,
): Promise<void> {
  if (documents.length === 0) return;
  await trx
    .insertInto('documents')
    .values(
      documents.map(({ owner, ...document }) => ({
        owner_user_id: owner.userId,
        application_id: owner.applicationId,
        kind: document.source.kind,
        language: document.source.language,
        title: document.title,
        content_type: 'application/pdf',
        source: JSON.stringify(document.source),
        created_at: now,
      })),
    )
    .execute();
}

/** Renders a source; its instants come back from JSON as ISO strings. */
function render(source: DocumentSource): Promise<Buffer> {
  if (source.template === 'registration') {
    const data = { ...source.data, registeredAt: new Date(source.data.registeredAt) };
    return registrationPdf(source.kind, data, source.language);
  }
  const data = {
    ...source.data,
    issuedAt: new Date(source.data.issuedAt),
    validUntil: new Date(source.data.validUntil),
    registeredAt: new Date(source.data.registeredAt),
  };
  return directionPdf(source.kind, data, source.language);
}

/**
 * The bytes of a document: as received or as first rendered. The first reader renders and keeps
 * them (`where content is null`: two first readers render the same bytes, one write counts).
 */
export async function documentContent(
  db: Db,
  document: { id: string; content: Buffer | null; source: unknown },
): Promise<Buffer> {
  if (document.content) return document.content;
  const pdf = await render(document.source as DocumentSource);
  await db
    .updateTable('documents')
    .set({
      content: pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
    })
    .where('id', '=', document.id)
    .where('content', 'is', null)
    .execute();
  return pdf;
}
