import forge from 'node-forge';
import { PROFILE_OID } from './oids.ts';

export type KeyType = 'auth' | 'sign';

/** What a person is shown about the key they chose, and what the signer checks before signing. */
export interface CertificateSummary {
  /** The 12 digits of `SERIALNUMBER=IIN…`, or null. */
  iin: string | null;
  /** The 12 digits of `OU=BIN…` (employee of a legal entity), or null. */
  bin: string | null;
  /** CN: "SURNAME FIRSTNAME" in the national profile. */
  commonName: string;
  surname: string | null;
  /** GIVENNAME: the national CA puts the patronymic there. */
  givenName: string | null;
  organization: string | null;
  issuerCommonName: string;
  notBefore: Date;
  notAfter: Date;
  /** The one key type the certificate serves, or 'unknown' (none, or both). */
  keyType: KeyType | 'unknown';
  /** Every key type the certificate serves by the national profile. */
  keyTypes: KeyType[];
  /** EKU 1.2.398.3.3.4.1.2[.x]: an employee of a legal entity. */
  employee: boolean;
  /** Lower-case hex without leading zero bytes. */
  serialNumberHex: string;
}

const ATTR = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
} as const;

/** node-forge keeps attribute values as raw bytes: decode UTF8String and BMPString. */
function attributeText(attr: forge.pki.CertificateField): string {
  const raw = typeof attr.value === 'string' ? attr.value : '';
  const tag = attr.valueTagClass as unknown as number;
  if (tag === forge.asn1.Type.UTF8) {
    try {
      return forge.util.decodeUtf8(raw);
    } catch {
      return raw;
    }
  }
  if (tag === forge.asn1.Type.BMPSTRING) {
    let text = '';
    for (let i = 0; i + 1 < raw.length; i += 2) {
      text += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    }
    return text;
  }
  return raw;
}

function values(attributes: forge.pki.CertificateField[], oid: string): string[] {
  return attributes.filter((attr) => attr.type === oid).map((attr) => attributeText(attr).trim());
}

function first(attributes: forge.pki.CertificateField[], oid: string): string | null {
  return values(attributes, oid)[0] ?? null;
}

interface ForgeExtension {
  name?: string;
  id?: string;
  [flag: string]: unknown;
}

function keyTypesOf(cert: forge.pki.Certificate): { keyTypes: KeyType[]; employee: boolean } {
  const extensions = cert.extensions as ForgeExtension[];
  const usage = extensions.find((ext) => ext.name === 'keyUsage');
  const purposes = extensions.find((ext) => ext.name === 'extKeyUsage');
  const purposeOids = new Set(
    purposes
      ? Object.keys(purposes)
          .filter((key) => purposes[key] === true)
          .map((key) => forge.pki.oids[key] ?? key)
      : [],
  );
  const employee = [...purposeOids].some(
    (oid) => oid === PROFILE_OID.employee || oid.startsWith(`${PROFILE_OID.employee}.`),
  );
  const keyTypes: KeyType[] = [];
  // As the server reads the profile: both extensions must be present.
  if (usage && purposes) {
    if (
      usage.digitalSignature === true &&
      usage.keyEncipherment === true &&
      purposeOids.has(PROFILE_OID.clientAuth)
    ) {
      keyTypes.push('auth');
    }
    if (usage.nonRepudiation === true && purposeOids.has(PROFILE_OID.emailProtection)) {
      keyTypes.push('sign');
    }
  }
  return { keyTypes, employee };
}

/**
 * The person, validity and key type of a certificate of the national CA's profile (docs/rules.md,
 * "Keys and certificates"): shown to the user for the key they chose, and checked before
 * signing. The server still verifies everything; this only spares the user a round trip and says
 * clearly what is wrong.
 */
export function certificateSummary(certificatePem: string): CertificateSummary {
  const cert = forge.pki.certificateFromPem(certificatePem);
  const subject = cert.subject.attributes;
  const iin =
    values(subject, ATTR.serialNumber)
      .map((value) => /^IIN(\d{12})$/.exec(value)?.[1])
      .find((value) => value !== undefined) ?? null;
  const bin =
    values(subject, ATTR.organizationalUnit)
      .map((value) => /^BIN(\d{12})$/.exec(value)?.[1])
      .find((value) => value !== undefined) ?? null;
  const { keyTypes, employee } = keyTypesOf(cert);
  return {
    iin,
    bin,
    commonName: first(subject, ATTR.commonName) ?? '',
    surname: first(subject, ATTR.surname),
    givenName: first(subject, ATTR.givenName),
    organization: first(subject, ATTR.organization),
    issuerCommonName: first(cert.issuer.attributes, ATTR.commonName) ?? '',
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    keyType: keyTypes.length === 1 ? keyTypes[0]! : 'unknown',
    keyTypes,
    employee,
    serialNumberHex: cert.serialNumber.toLowerCase().replace(/^(00)+/, '') || '00',
  };
}

/** The server's problem code this certificate would get, checked locally. */
export type CertificateProblem = 'wrong_key_type' | 'cert_not_yet_valid' | 'cert_expired';

/**
 * Why this certificate cannot make the wanted signature at `at`, or null: the wrong key type (an
 * AUTH key to sign a document, a SIGN key to sign in), not yet valid, or expired.
 */
export function certificateProblem(
  summary: CertificateSummary,
  wanted: { keyType: KeyType; at: Date },
): CertificateProblem | null {
  if (!summary.keyTypes.includes(wanted.keyType)) return 'wrong_key_type';
  if (wanted.at.getTime() < summary.notBefore.getTime()) return 'cert_not_yet_valid';
  if (wanted.at.getTime() > summary.notAfter.getTime()) return 'cert_expired';
  return null;
}
