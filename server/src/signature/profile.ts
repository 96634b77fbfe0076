/**
 * The national CA's profile of a person's certificate (docs/rules.md, "Keys and certificates"):
 * which key type it is and who it names. AUTH = keyUsage digitalSignature + keyEncipherment and
 * EKU clientAuth; SIGN = keyUsage nonRepudiation and EKU emailProtection. The person is
 * `SERIALNUMBER=IIN…`, an employee's organisation `OU=BIN…` with EKU 1.2.398.3.3.4.1.2[.x].
 */
import { nameValue, type Certificate } from './certificate.ts';

export type KeyType = 'auth' | 'sign';

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  kzEmployee: '1.2.398.3.3.4.1.2',
} as const;

export const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  keyCertSign: 5,
} as const;

/** The key types a certificate serves, by the national profile: both extensions must be present. */
export function certificateKeyTypes(cert: Certificate): Set<KeyType> {
  const usage = cert.keyUsage;
  const purposes = cert.extendedKeyUsage;
  const types = new Set<KeyType>();
  if (!usage || !purposes) return types;
  if (
    usage.has(KEY_USAGE.digitalSignature) &&
    usage.has(KEY_USAGE.keyEncipherment) &&
    purposes.includes(OID.clientAuth)
  ) {
    types.add('auth');
  }
  if (usage.has(KEY_USAGE.nonRepudiation) && purposes.includes(OID.emailProtection)) {
    types.add('sign');
  }
  return types;
}

export interface SubjectInfo {
  /** The 12 digits of `SERIALNUMBER=IIN…` (taken as the CA wrote them; no checksum check). */
  iin: string | null;
  /** The 12 digits of `OU=BIN…`, or null. */
  bin: string | null;
  /** The certificate carries EKU 1.2.398.3.3.4.1.2[.x]: an employee of a legal entity. */
  employee: boolean;
  /** The raw subject attributes (CN, SURNAME, GIVENNAME). */
  commonName: string;
  surname: string | null;
  /** GIVENNAME as written in the certificate: in the national profile it is the patronymic. */
  givenName: string | null;
  /** CN without the leading surname: the first name in the national profile ("ТЕСТОВ ТЕСТ"). */
  firstName: string | null;
}

/** The first value of `type` in the subject that matches `pattern`'s group. */
function tagged(cert: Certificate, type: string, pattern: RegExp): string | null {
  for (const attribute of cert.subject.attributes) {
    if (attribute.type !== type || attribute.value === null) continue;
    const match = pattern.exec(attribute.value.trim());
    if (match) return match[1] as string;
  }
  return null;
}

/** The person fields of a certificate of the national profile. */
export function readSubject(cert: Certificate): SubjectInfo {
  const commonName = nameValue(cert.subject, OID.commonName) ?? '';
  const surname = nameValue(cert.subject, OID.surname);
  let firstName: string | null = null;
  if (surname !== null && commonName.startsWith(`${surname} `)) {
    firstName = commonName.slice(surname.length + 1).trim() || null;
  }
  return {
    iin: tagged(cert, OID.serialNumber, /^IIN(\d{12})$/),
    bin: tagged(cert, OID.organizationalUnit, /^BIN(\d{12})$/),
    employee: (cert.extendedKeyUsage ?? []).some(
      (oid) => oid === OID.kzEmployee || oid.startsWith(`${OID.kzEmployee}.`),
    ),
    commonName,
    surname,
    givenName: nameValue(cert.subject, OID.givenName),
    firstName,
  };
}

export function commonNameOf(name: Certificate['subject']): string | null {
  return nameValue(name, OID.commonName);
}
