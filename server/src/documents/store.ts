import { createHash } from 'node:crypto';
import type { Language } from '@kezek/contracts';
import type { Db } from '../db/connection.ts';

export interface IssuedDocument {
  kind: string;
  title: string;
  pdf: Buffer;
}

/** Keeps issued PDFs as issued (with their sha256) in the application's documents tab. */
export async function storeDocuments(
  trx: Db,
  owner: { userId: number; applicationId: string; language: Language },
  documents: IssuedDocument[],
  now: Date,
): Promise<void> {
  await trx
    .insertInto('documents')
    .values(
      documents.map((document) => ({
        owner_user_id: owner.userId,
        application_id: owner.applicationId,
        kind: document.kind,
        language: owner.language,
        title: document.title,
        content_type: 'application/pdf',
        sha256: createHash('sha256').update(document.pdf).digest('hex'),
        size: document.pdf.length,
        content: document.pdf,
        created_at: now,
      })),
    )
    .execute();
}
