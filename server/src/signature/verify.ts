/**
 * Verification of an EDS signature: a CMS SignedData (RFC 5652) with attached content, made with
 * a key of the national CA profile (DOMAIN.md → EDS). Parsing and cryptography use pkijs +
 * asn1js over node's WebCrypto only — never node-forge.
 *
 * Checks, in this order (the first failure decides the code):
 *   1. structure — BER/DER without trailing bytes, ContentInfo/SignedData, eContentType id-data
 *      with attached content, exactly one SignerInfo whose certificate is inside the CMS, at
 *      most 16 certificates, RSA key and signature, digest SHA-1/256/384/512  → `malformed_cms`
 *   2. signature — messageDigest and contentType attributes, RSA signature  → `bad_signature`
 *   3. chain — from the signer through intermediates (from the CMS or the trust store) to a root
 *      of the trust store: every link's signature, CA basic constraints, keyCertSign, path
 *      length, no unknown critical extension                          → `untrusted_chain`
 *   4. validity of every certificate of the chain at `at`   → `cert_not_yet_valid`/`cert_expired`
 *   5. revocation: every non-root certificate against its issuer's CRLs → `cert_revoked`; a CRL
 *      configured for that issuer that does not verify, or only CRLs whose nextUpdate is past,
 *      fail closed                                                       → `untrusted_chain`
 *   6. key type: AUTH (digitalSignature+keyEncipherment, clientAuth) or SIGN (nonRepudiation,
 *      emailProtection) as asked, and a subject with `SERIALNUMBER=IIN…`  → `wrong_key_type`
 *
 * Time is never read here: `at` (the server's injected clock) decides every date check.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateId, certificateToPem, nameKey, parseAsn1 } from './trust.ts';
import type { TrustStore } from './trust.ts';

export type KeyType = 'auth' | 'sign';

export const SIGNATURE_ERROR_CODES = [
  'malformed_cms',
  'bad_signature',
  'untrusted_chain',
  'cert_expired',
  'cert_not_yet_valid',
  'cert_revoked',
  'wrong_key_type',
] as const;
export type SignatureErrorCode = (typeof SIGNATURE_ERROR_CODES)[number];

export class SignatureError extends Error {
  readonly code: SignatureErrorCode;

  constructor(code: SignatureErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignatureError';
    this.code = code;
  }
}

export interface SignerIdentity {
  /** The 12 digits of `SERIALNUMBER=IIN…` (taken as the CA wrote them; no checksum check). */
  iin: string;
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
  /** Lower-case hex of the serial number, without leading zero bytes. */
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
  certificatePem: string;
  /** Issuer CN of the signer certificate. */
  issuerCommonName: string | null;
}

export interface VerifiedCms {
  /** The encapsulated content, byte for byte as signed. */
  content: Uint8Array;
  signer: SignerIdentity;
  /** The signingTime signed attribute, if present (informative: the signer's clock). */
  signedAt: Date | null;
  digestAlgorithm: DigestName;
}

export interface VerifyCmsOptions {
  trust: TrustStore;
  /** The instant at which certificates and CRLs must be valid (the server's clock). */
  at: Date;
  keyType: KeyType;
}

export type DigestName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentTypeAttr: '1.2.840.113549.1.9.3',
  messageDigestAttr: '1.2.840.113549.1.9.4',
  signingTimeAttr: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  kzIndividual: '1.2.398.3.3.4.1.1',
  kzEmployee: '1.2.398.3.3.4.1.2',
} as const;

const DIGESTS: Readonly<Record<string, DigestName>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const RSA_SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  OID.rsaEncryption,
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13', // sha512WithRSAEncryption
  OID.rsaPss,
]);

/** Critical extensions this verifier understands; any other critical one refuses the chain. */
const KNOWN_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.subjectKeyIdentifier,
  OID.keyUsage,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.authorityKeyIdentifier,
  OID.extKeyUsage,
]);

const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

const MAX_CHAIN_LENGTH = 8;
/** More certificates than a real chain needs only serve to make path building expensive. */
const MAX_CMS_CERTIFICATES = 16;
/** Bounds the work of path building (each step may check an RSA signature). */
const MAX_PATH_STEPS = 64;

const engine = new pkijs.CryptoEngine({
  name: 'node-webcrypto',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

function fail(code: SignatureErrorCode, message: string, cause?: unknown): never {
  throw new SignatureError(code, message, cause === undefined ? undefined : { cause });
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** Serial number as lower-case hex without leading zero bytes ("00" for zero). */
export function serialHex(serial: asn1js.Integer): string {
  const h = hex(serial.valueBlock.valueHexView).replace(/^(00)+/, '');
  return h === '' ? '00' : h;
}

// ---------------------------------------------------------------------------------------------
// Certificate fields

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((ext) => ext.extnID === oid);
}

/** The asserted key usage bits, or null when the extension is absent. */
export function keyUsageBits(cert: pkijs.Certificate): Set<number> | null {
  const ext = extension(cert, OID.keyUsage);
  if (!ext) return null;
  const bits = new Set<number>();
  try {
    const bitString = parseAsn1(ext.extnValue.valueBlock.valueHexView);
    if (!(bitString instanceof asn1js.BitString)) return bits;
    const bytes = bitString.valueBlock.valueHexView;
    bytes.forEach((byte, i) => {
      for (let bit = 0; bit < 8; bit += 1) if (byte & (0x80 >> bit)) bits.add(i * 8 + bit);
    });
  } catch {
    // An unreadable keyUsage grants nothing.
  }
  return bits;
}

/** The EKU purposes, or null when the extension is absent. */
export function extendedKeyUsages(cert: pkijs.Certificate): string[] | null {
  const ext = extension(cert, OID.extKeyUsage);
  if (!ext) return null;
  return ext.parsedValue instanceof pkijs.ExtKeyUsage ? [...ext.parsedValue.keyPurposes] : [];
}

/**
 * The key types a certificate serves, by the national profile. Both extensions must be present:
 * AUTH = keyUsage digitalSignature + keyEncipherment and EKU clientAuth;
 * SIGN = keyUsage nonRepudiation and EKU emailProtection.
 */
export function certificateKeyTypes(cert: pkijs.Certificate): Set<KeyType> {
  const usage = keyUsageBits(cert);
  const purposes = extendedKeyUsages(cert);
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

function attributeValues(name: pkijs.RelativeDistinguishedNames, oid: string): string[] {
  return name.typesAndValues
    .filter((tv) => tv.type === oid)
    .map((tv) => (tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value)
    .filter((value): value is string => typeof value === 'string');
}

export interface SubjectInfo {
  iin: string | null;
  bin: string | null;
  employee: boolean;
  commonName: string;
  surname: string | null;
  givenName: string | null;
  firstName: string | null;
}

/** The person fields of a certificate of the national profile. */
export function readSubject(cert: pkijs.Certificate): SubjectInfo {
  const subject = cert.subject;
  const iin =
    attributeValues(subject, OID.serialNumber)
      .map((value) => /^IIN(\d{12})$/.exec(value.trim())?.[1])
      .find((value) => value !== undefined) ?? null;
  const bin =
    attributeValues(subject, OID.organizationalUnit)
      .map((value) => /^BIN(\d{12})$/.exec(value.trim())?.[1])
      .find((value) => value !== undefined) ?? null;
  const commonName = attributeValues(subject, OID.commonName)[0] ?? '';
  const surname = attributeValues(subject, OID.surname)[0] ?? null;
  const givenName = attributeValues(subject, OID.givenName)[0] ?? null;
  let firstName: string | null = null;
  if (surname !== null && commonName.startsWith(`${surname} `)) {
    firstName = commonName.slice(surname.length + 1).trim() || null;
  }
  const employee = (extendedKeyUsages(cert) ?? []).some(
    (oid) => oid === OID.kzEmployee || oid.startsWith(`${OID.kzEmployee}.`),
  );
  return { iin, bin, employee, commonName, surname, givenName, firstName };
}

// ---------------------------------------------------------------------------------------------
// CMS structure and signature

export interface ParsedCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  signerCert: pkijs.Certificate;
  content: Uint8Array;
  digest: DigestName;
}

async function findSignerCertificate(
  signedData: pkijs.SignedData,
  signerInfo: pkijs.SignerInfo,
): Promise<pkijs.Certificate | null> {
  const certificates = (signedData.certificates ?? []).filter(
    (cert): cert is pkijs.Certificate => cert instanceof pkijs.Certificate,
  );
  const sid = signerInfo.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return (
      certificates.find(
        (cert) =>
          nameKey(cert.issuer) === nameKey(sid.issuer) &&
          serialHex(cert.serialNumber) === serialHex(sid.serialNumber),
      ) ?? null
    );
  }
  // [0] SubjectKeyIdentifier: as pkijs matches it, the SHA-1 of the public key.
  const block = sid as asn1js.Constructed & asn1js.Primitive;
  const keyId: ArrayBuffer = block.idBlock.isConstructed
    ? (block.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHex
    : block.valueBlock.valueHex;
  for (const cert of certificates) {
    const digest = await webcrypto.subtle.digest(
      'SHA-1',
      cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView,
    );
    if (hex(digest) === hex(keyId)) return cert;
  }
  return null;
}

export async function parseCms(cms: Uint8Array): Promise<ParsedCms> {
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: parseAsn1(cms) });
    if (contentInfo.contentType !== OID.signedData) fail('malformed_cms', 'not a CMS SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    fail('malformed_cms', `not a CMS SignedData: ${(error as Error).message}`, error);
  }

  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID.data) fail('malformed_cms', 'the signed content is not id-data');
  const eContent = encap.eContent;
  if (!eContent) fail('malformed_cms', 'no attached content (detached signature)');
  if (eContent.idBlock.tagClass !== 1 || eContent.idBlock.tagNumber !== 4) {
    fail('malformed_cms', 'the attached content is not an OCTET STRING');
  }
  const content = new Uint8Array(eContent.getValue());

  if (signedData.signerInfos.length !== 1) {
    fail('malformed_cms', `expected exactly one signer, found ${signedData.signerInfos.length}`);
  }
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;

  const digest = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!digest) {
    fail('malformed_cms', `unsupported digest ${signerInfo.digestAlgorithm.algorithmId}`);
  }
  if (!RSA_SIGNATURE_ALGORITHMS.has(signerInfo.signatureAlgorithm.algorithmId)) {
    fail(
      'malformed_cms',
      `unsupported signature algorithm ${signerInfo.signatureAlgorithm.algorithmId}`,
    );
  }

  const certificateCount = signedData.certificates?.length ?? 0;
  if (certificateCount > MAX_CMS_CERTIFICATES) {
    fail('malformed_cms', `too many certificates in the CMS (${certificateCount})`);
  }
  const signerCert = await findSignerCertificate(signedData, signerInfo);
  if (!signerCert) fail('malformed_cms', "the signer's certificate is not in the CMS");
  const keyAlgorithm = signerCert.subjectPublicKeyInfo.algorithm.algorithmId;
  if (keyAlgorithm !== OID.rsaEncryption && keyAlgorithm !== OID.rsaPss) {
    fail('malformed_cms', `unsupported key algorithm ${keyAlgorithm}`);
  }

  if (signerInfo.signedAttrs) {
    const attrs = signerInfo.signedAttrs.attributes;
    const contentTypes = attrs.filter((attr) => attr.type === OID.contentTypeAttr);
    const digests = attrs.filter((attr) => attr.type === OID.messageDigestAttr);
    if (contentTypes.length !== 1 || digests.length !== 1) {
      fail('malformed_cms', 'signed attributes need exactly one contentType and messageDigest');
    }
    const [contentType] = (contentTypes[0] as pkijs.Attribute).values;
    if (!(contentType instanceof asn1js.ObjectIdentifier)) {
      fail('malformed_cms', 'invalid contentType attribute');
    }
    if (contentType.valueBlock.toString() !== encap.eContentType) {
      fail('bad_signature', 'the signed contentType does not match the content');
    }
  }

  return { signedData, signerInfo, signerCert, content, digest };
}

function signingTime(signerInfo: pkijs.SignerInfo): Date | null {
  const attr = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.signingTimeAttr);
  const value = attr?.values[0];
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    return value.toDate();
  }
  return null;
}

/**
 * messageDigest and signature, by pkijs. pkijs is handed a SignedData whose only certificate is
 * the one found above: its own signer lookup (which compares names differently) can then never
 * verify the signature with one certificate while the chain and key type are checked on another.
 */
async function verifySignature(parsed: ParsedCms, at: Date): Promise<void> {
  const { signedData } = parsed;
  const single = new pkijs.SignedData({
    version: signedData.version,
    digestAlgorithms: signedData.digestAlgorithms,
    encapContentInfo: signedData.encapContentInfo,
    certificates: [parsed.signerCert],
    signerInfos: [parsed.signerInfo],
  });
  let ok: boolean;
  try {
    ok = await single.verify(
      { signer: 0, checkChain: false, checkDate: at, extendedMode: false },
      engine,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: number }).code;
    if (code === 3 || code === 9 || code === 10) fail('malformed_cms', message, error);
    fail('bad_signature', `the signature does not verify: ${message}`, error);
  }
  if (!ok) fail('bad_signature', 'the signature does not verify');
}

// ---------------------------------------------------------------------------------------------
// Chain

async function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await cert.verify(issuer, engine);
  } catch {
    return false;
  }
}

/** Every path signer → … → trusted root whose links' signatures verify (bounded work). */
async function buildPaths(
  signer: pkijs.Certificate,
  cmsCertificates: readonly pkijs.Certificate[],
  trust: TrustStore,
): Promise<pkijs.Certificate[][]> {
  const paths: pkijs.Certificate[][] = [];
  const signatures = new Map<string, Promise<boolean>>();
  let steps = 0;
  const extend = async (path: pkijs.Certificate[]): Promise<void> => {
    const last = path[path.length - 1] as pkijs.Certificate;
    if (path.length >= MAX_CHAIN_LENGTH) return;
    const lastId = certificateId(last);
    const issuerName = nameKey(last.issuer);
    const inPath = new Set(path.map(certificateId));
    const candidates = new Map<string, pkijs.Certificate>();
    for (const cert of [...cmsCertificates, ...trust.certificatesNamed(last.issuer)]) {
      const id = certificateId(cert);
      if (!inPath.has(id) && nameKey(cert.subject) === issuerName) candidates.set(id, cert);
    }
    for (const [issuerId, issuer] of candidates) {
      steps += 1;
      if (steps > MAX_PATH_STEPS) return;
      const link = `${lastId}<${issuerId}`;
      if (!signatures.has(link)) signatures.set(link, signedBy(last, issuer));
      if (!(await signatures.get(link))) continue;
      const next = [...path, issuer];
      if (trust.isRoot(issuer)) paths.push(next);
      else await extend(next);
    }
  };
  await extend([signer]);
  return paths;
}

function checkCaCertificates(path: readonly pkijs.Certificate[]): void {
  path.forEach((cert, index) => {
    for (const ext of cert.extensions ?? []) {
      if (ext.critical && !KNOWN_CRITICAL_EXTENSIONS.has(ext.extnID)) {
        fail('untrusted_chain', `unknown critical extension ${ext.extnID} in the chain`);
      }
    }
    if (index === 0) return;
    const isRoot = index === path.length - 1;
    const name = attributeValues(cert.subject, OID.commonName)[0] ?? '?';
    const constraints = extension(cert, OID.basicConstraints);
    if (!constraints) {
      // A v1 root is a trust anchor by configuration; an intermediate must say it is a CA.
      if (isRoot) return;
      fail('untrusted_chain', `issuer "${name}" is not a CA (no basicConstraints)`);
    }
    const value = constraints.parsedValue;
    if (!(value instanceof pkijs.BasicConstraints) || !value.cA) {
      fail('untrusted_chain', `issuer "${name}" is not a CA`);
    }
    const usage = keyUsageBits(cert);
    if (usage && !usage.has(KEY_USAGE.keyCertSign)) {
      fail('untrusted_chain', `issuer "${name}" may not sign certificates (keyUsage)`);
    }
    if (value.pathLenConstraint !== undefined) {
      const limit =
        typeof value.pathLenConstraint === 'number'
          ? value.pathLenConstraint
          : value.pathLenConstraint.valueBlock.valueDec;
      // CA certificates between this one and the signer.
      if (index - 1 > limit) fail('untrusted_chain', `path length exceeded at "${name}"`);
    }
  });
}

function checkDates(path: readonly pkijs.Certificate[], at: Date): void {
  for (const cert of path) {
    const role = cert === path[0] ? "the signer's certificate" : 'a CA certificate of the chain';
    if (at.getTime() < cert.notBefore.value.getTime()) {
      fail('cert_not_yet_valid', `${role} is valid from ${cert.notBefore.value.toISOString()}`);
    }
    if (at.getTime() > cert.notAfter.value.getTime()) {
      fail('cert_expired', `${role} expired at ${cert.notAfter.value.toISOString()}`);
    }
  }
}

export type RevocationStatus = 'good' | 'revoked' | 'no_crl' | 'crl_invalid' | 'crl_expired';

/**
 * The status of `cert` by the CRLs of the trust store issued by `issuer`. Only CRLs whose
 * signature verifies with the issuer's key count. Any listing counts (whatever its reason or
 * date: certificateHold included). Without a listing, at least one CRL must be current
 * (`at` before its nextUpdate) — otherwise the status is unknown and verification fails closed.
 */
export async function revocationStatus(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  trust: TrustStore,
  at: Date,
): Promise<RevocationStatus> {
  const configured = trust.crlsIssuedBy(issuer.subject);
  if (configured.length === 0) return 'no_crl';
  const valid: pkijs.CertificateRevocationList[] = [];
  for (const crl of configured) {
    try {
      if (await crl.verify({ issuerCertificate: issuer }, engine)) valid.push(crl);
    } catch {
      // not this issuer's key
    }
  }
  if (valid.length === 0) return 'crl_invalid';
  const serial = serialHex(cert.serialNumber);
  const listed = valid.some((crl) =>
    (crl.revokedCertificates ?? []).some((entry) => serialHex(entry.userCertificate) === serial),
  );
  if (listed) return 'revoked';
  const current = valid.some(
    (crl) => !crl.nextUpdate || at.getTime() <= crl.nextUpdate.value.getTime(),
  );
  return current ? 'good' : 'crl_expired';
}

async function checkRevocation(
  path: readonly pkijs.Certificate[],
  trust: TrustStore,
  at: Date,
): Promise<void> {
  for (let i = 0; i < path.length - 1; i += 1) {
    const cert = path[i] as pkijs.Certificate;
    const issuer = path[i + 1] as pkijs.Certificate;
    const role = i === 0 ? "the signer's certificate" : 'a CA certificate of the chain';
    const issuerName = attributeValues(issuer.subject, OID.commonName)[0] ?? '?';
    const status = await revocationStatus(cert, issuer, trust, at);
    if (status === 'revoked') fail('cert_revoked', `${role} is revoked (CRL of "${issuerName}")`);
    if (status === 'crl_invalid') {
      fail('untrusted_chain', `the configured CRL of "${issuerName}" does not verify`);
    }
    if (status === 'crl_expired') {
      fail('untrusted_chain', `the CRL of "${issuerName}" is out of date: revocation unknown`);
    }
  }
}

function checkKeyType(cert: pkijs.Certificate, keyType: KeyType): void {
  const types = certificateKeyTypes(cert);
  if (!types.has(keyType)) {
    const wanted = keyType === 'auth' ? 'an AUTH key (sign-in)' : 'a SIGN key (signing)';
    const found = types.has('auth') ? 'an AUTH key' : types.has('sign') ? 'a SIGN key' : 'neither';
    fail('wrong_key_type', `${wanted} is required; this certificate is ${found}`);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Verifies a CMS SignedData with attached content and returns the content and the signer, or
 * throws a {@link SignatureError}. See the module comment for the checks and their codes.
 */
export async function verifyCms(cms: Uint8Array, options: VerifyCmsOptions): Promise<VerifiedCms> {
  return verifyParsedCms(await parseCms(cms), options);
}

export const readCms = parseCms;

/** The IIN of the signer's certificate as sent, before anything is verified. */
export function signerIinClaimed(parsed: ParsedCms): string | null {
  return readSubject(parsed.signerCert).iin;
}

export async function verifyParsedCms(
  parsed: ParsedCms,
  options: VerifyCmsOptions,
): Promise<VerifiedCms> {
  const { trust, at, keyType } = options;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new TypeError('invalid `at`');
  await verifySignature(parsed, at);

  const cmsCertificates = (parsed.signedData.certificates ?? []).filter(
    (cert): cert is pkijs.Certificate => cert instanceof pkijs.Certificate,
  );
  const paths = await buildPaths(parsed.signerCert, cmsCertificates, trust);
  if (paths.length === 0) {
    const issuer = attributeValues(parsed.signerCert.issuer, OID.commonName)[0] ?? '?';
    fail('untrusted_chain', `no chain from the signer (issuer "${issuer}") to a trusted root`);
  }

  // Several paths may exist (re-keyed or cross-certified CAs): the first one that passes every
  // check wins; if none does, the first path's failure is reported.
  let firstError: unknown = null;
  let accepted: pkijs.Certificate[] | null = null;
  for (const path of paths) {
    try {
      checkCaCertificates(path);
      checkDates(path, at);
      await checkRevocation(path, trust, at);
      accepted = path;
      break;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (!accepted) throw firstError;

  const signerCert = parsed.signerCert;
  checkKeyType(signerCert, keyType);
  const subject = readSubject(signerCert);
  if (subject.iin === null) {
    fail('wrong_key_type', 'the certificate carries no IIN (SERIALNUMBER=IIN…)');
  }

  return {
    content: parsed.content,
    signedAt: signingTime(parsed.signerInfo),
    digestAlgorithm: parsed.digest,
    signer: {
      iin: subject.iin,
      bin: subject.bin,
      employee: subject.employee,
      commonName: subject.commonName,
      surname: subject.surname,
      givenName: subject.givenName,
      firstName: subject.firstName,
      serialNumberHex: serialHex(signerCert.serialNumber),
      notBefore: signerCert.notBefore.value,
      notAfter: signerCert.notAfter.value,
      certificatePem: certificateToPem(signerCert),
      issuerCommonName: attributeValues(signerCert.issuer, OID.commonName)[0] ?? null,
    },
  };
}
