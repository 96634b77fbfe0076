import { readCms } from './cms.ts';
import { readSubject } from './profile.ts';

/** A signer's name as the national profile's certificate gives it: CN (surname, first name) and patronymic. */
export function certificateFullName(subject: { commonName: string; givenName: string | null }) {
  return [subject.commonName, subject.givenName].filter(Boolean).join(' ');
}

export interface EvidenceSigner {
  iin: string;
  fullName: string;
  serialNumber: string;
  bin: string | null;
}

/**
 * Who signed a stored CMS (a history row's evidence), read from its signer certificate. The CMS
 * was verified in full when the action was accepted and the hash chain guards it since, so this
 * only reads it again: it does not re-judge dates or revocations that have moved on. null for
 * evidence that cannot be read.
 */
export function evidenceSigner(cmsBase64: string): EvidenceSigner | null {
  try {
    const { signer } = readCms(new Uint8Array(Buffer.from(cmsBase64, 'base64')));
    const subject = readSubject(signer);
    if (subject.iin === null) return null;
    return {
      iin: subject.iin,
      fullName: certificateFullName(subject),
      serialNumber: signer.serialHex,
      bin: subject.bin,
    };
  } catch {
    return null;
  }
}
