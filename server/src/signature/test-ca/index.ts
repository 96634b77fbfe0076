/**
 * A TEST public-key infrastructure that follows the profile of Kazakhstan's national CA (НУЦ РК):
 * root CA → issuing ("intermediate") CA → person certificates, RSA 2048 with SHA-256.
 *
 * Person subject, as the national CA writes it:
 *   CN=<SURNAME FIRSTNAME>, SURNAME=<surname>, SERIALNUMBER=IIN<12 digits>, C=KZ,
 *   [O=<organisation>, OU=BIN<12 digits>], [GIVENNAME=<patronymic>]
 * (the national CA puts the patronymic — отчество — into GIVENNAME: "CN=ТЕСТОВ ТЕСТ,
 * SURNAME=ТЕСТОВ, GIVENNAME=ТЕСТОВИЧ"). SERIALNUMBER and C are PrintableString, the rest
 * UTF8String, as in the real certificates.
 * AUTH: keyUsage digitalSignature + keyEncipherment; EKU clientAuth + 1.2.398.3.3.4.1.1.
 * SIGN: keyUsage digitalSignature + nonRepudiation; EKU emailProtection + 1.2.398.3.3.4.1.1.
 * Employees of a legal entity: 1.2.398.3.3.4.1.2.x instead of .1.1, and OU=BIN….
 *
 * Everything works in memory (tests); cli.ts writes it to a directory. Keys are made with
 * WebCrypto (fast) and handed to node-forge as PEM for PKCS#12 files; opening key files and CMS
 * signing come from @kezek/eds, the very code the browser signs with. The server verifies with
 * pkijs only (../verify.ts).
 *
 * THIS IS A TEST CA: nothing here is fit for real keys.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { binaryToBytes } from '@kezek/eds';
import type { CmsSigner } from '@kezek/eds';
import type { KeyType } from '../verify.ts';

// Opening key files and signing live in @kezek/eds, which the browser's signer uses as well.
export { forgeIssuerAttributes, openP12, signCms } from '@kezek/eds';
export type { CmsDigest, CmsSigner, SignCmsOptions } from '@kezek/eds';
export type { KeyType };

// The WebCrypto types as @peculiar/x509 declares them (node's are nominally different).
type Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type CryptoKey = x509.X509CertificateCreateWithKeyParams['signingKey'];

const crypto = webcrypto as unknown as Crypto;
const pkijsEngine = new pkijs.CryptoEngine({
  name: 'node-webcrypto',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

export const PROFILE_OID = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  individual: '1.2.398.3.3.4.1.1',
  /** Employee of a legal entity; the national CA uses sub-arcs .1 … .5 (role). */
  employee: '1.2.398.3.3.4.1.2',
  /** "Сотрудник организации": the default role of an employee certificate. */
  employeeDefault: '1.2.398.3.3.4.1.2.5',
} as const;

const ATTR = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  givenName: '2.5.4.42',
} as const;

const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** Defaults wide enough that a demo clock moved by years stays inside the validity. */
export const DEFAULT_CA_VALIDITY = {
  notBefore: new Date('2015-01-01T00:00:00Z'),
  notAfter: new Date('2049-12-31T23:59:59Z'),
};
export const DEFAULT_PERSON_VALIDITY = {
  notBefore: new Date('2020-01-01T00:00:00Z'),
  notAfter: new Date('2049-12-31T23:59:59Z'),
};

/** A certificate with its private key. */
export interface TestIdentity {
  certificate: x509.X509Certificate;
  certificatePem: string;
  privateKey: CryptoKey;
  /** PKCS#8 PEM, unencrypted. */
  privateKeyPem: string;
}

export interface TestCa {
  root: TestIdentity;
  intermediate: TestIdentity;
}

export interface IssuedKey extends TestIdentity, CmsSigner {
  keyType: KeyType;
  /** Lower-case hex, no leading zero bytes (as verify.ts reports it). */
  serialNumberHex: string;
  chainPem: string[];
  rootPem: string;
}

export interface PersonKeys {
  auth: IssuedKey;
  sign: IssuedKey;
}

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

export interface CreateTestCaOptions {
  /** Distinguishes CAs in names, e.g. "OTHER" → "KEZEK OTHER ROOT CA (RSA)". */
  label?: string;
  root?: Validity;
  intermediate?: Validity;
}

export interface PersonOptions extends Validity {
  iin: string;
  surname: string;
  /** First name: CN = "<SURNAME> <GIVENNAME>". */
  givenName: string;
  /** Patronymic: written to the GIVENNAME attribute as the national CA does. */
  patronymic?: string;
  /** BIN of the employer: makes an employee certificate (OU=BIN…, EKU 1.2.398.3.3.4.1.2.x). */
  bin?: string;
  organization?: string;
  /** Employee role OID (1.2.398.3.3.4.1.2 or a sub-arc); default 1.2.398.3.3.4.1.2.5. */
  employeeRole?: string;
  /** Hex serial number; random by default. */
  serialNumberHex?: string;
  /** CRL distribution points (http URLs) the certificate names. */
  crlUrls?: string[];
  /** Freshest-CRL points: where the delta CRLs are. */
  deltaCrlUrls?: string[];
  /** OCSP responders (authorityInfoAccess). */
  ocspUrls?: string[];
  /**
   * The key pair to certify instead of a fresh one: the benchmark certifies thousands of people,
   * and an RSA key generation costs more than the certificate.
   */
  keyPair?: KeyPair;
}

// ---------------------------------------------------------------------------------------------
// helpers

export function normalizeSerialHex(serial: string): string {
  const hex = serial.trim().toLowerCase().replace(/^0x/, '').replace(/[\s:]/g, '');
  if (!/^[0-9a-f]+$/.test(hex)) throw new Error(`invalid serial number: ${serial}`);
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return even.replace(/^(00)+/, '') || '00';
}

function randomSerialHex(): string {
  const bytes = new Uint8Array(16);
  webcrypto.getRandomValues(bytes);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10; // positive, no leading zero byte
  return Buffer.from(bytes).toString('hex');
}

function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString(
    'base64',
  );
  return `-----BEGIN ${label}-----\n${(base64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

function pemBody(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function generateKeys(): Promise<KeyPair> {
  const keys = await webcrypto.subtle.generateKey(RSA_ALGORITHM, true, ['sign', 'verify']);
  return keys as unknown as { privateKey: CryptoKey; publicKey: CryptoKey };
}

async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey(
    'pkcs8',
    key as unknown as Parameters<typeof webcrypto.subtle.exportKey>[1],
  );
  return toPem(der, 'PRIVATE KEY');
}

/** Imports a PKCS#8 (or PKCS#1 "RSA PRIVATE KEY") PEM RSA key for signing certificates. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  let der = pemBody(pem);
  if (pem.includes('BEGIN RSA PRIVATE KEY')) {
    const key = forge.pki.privateKeyFromPem(pem);
    const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
    der = binaryToBytes(forge.asn1.toDer(info).getBytes());
  }
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['sign'],
  );
  return key as unknown as CryptoKey;
}

async function identity(certificate: x509.X509Certificate, privateKey: CryptoKey) {
  return {
    certificate,
    certificatePem: certificate.toString('pem') + '\n',
    privateKey,
    privateKeyPem: await privateKeyToPem(privateKey),
  };
}

function utf8(oid: string, value: string): x509.JsonAttributeAndValue {
  return { [oid]: [{ utf8String: value }] };
}

function printable(oid: string, value: string): x509.JsonAttributeAndValue {
  return { [oid]: [{ printableString: value }] };
}

async function keyIdentifiers(
  publicKey: CryptoKey,
  issuer: x509.X509Certificate | null,
): Promise<x509.Extension[]> {
  const ski = await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto);
  if (!issuer) return [ski];
  const issuerSki = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = issuerSki
    ? new x509.AuthorityKeyIdentifierExtension(issuerSki.keyId, false)
    : await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey, false, crypto);
  return [ski, aki];
}

// ---------------------------------------------------------------------------------------------
// CA

function caName(label: string, kind: 'ROOT CA' | 'NCA'): x509.JsonNameParams {
  return [
    utf8(ATTR.commonName, `KEZEK ${label} ${kind} (RSA)`),
    utf8(ATTR.organization, 'KEZEK TEST PKI'),
    printable(ATTR.country, 'KZ'),
  ];
}

/** A root CA and an issuing CA under it. Both keys are RSA 2048, in memory. */
export async function createTestCa(options: CreateTestCaOptions = {}): Promise<TestCa> {
  const label = options.label ?? 'TEST';
  const rootKeys = await generateKeys();
  const rootName = new x509.Name(caName(label, 'ROOT CA'));
  const rootCert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: rootName,
      issuer: rootName,
      notBefore: options.root?.notBefore ?? DEFAULT_CA_VALIDITY.notBefore,
      notAfter: options.root?.notAfter ?? DEFAULT_CA_VALIDITY.notAfter,
      publicKey: rootKeys.publicKey,
      signingKey: rootKeys.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        ...(await keyIdentifiers(rootKeys.publicKey, null)),
      ],
    },
    crypto,
  );
  const root = await identity(rootCert, rootKeys.privateKey);
  const intermediate = await issueCaCertificate(root, {
    name: caName(label, 'NCA'),
    ...options.intermediate,
  });
  return { root, intermediate };
}

/** An issuing CA certificate (basicConstraints cA, pathLen 0) signed by `issuer`. */
export async function issueCaCertificate(
  issuer: TestIdentity,
  options: Validity & { name: x509.JsonNameParams },
): Promise<TestIdentity> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: new x509.Name(options.name),
      issuer: issuer.certificate.subjectName,
      notBefore: options.notBefore ?? DEFAULT_CA_VALIDITY.notBefore,
      notAfter: options.notAfter ?? DEFAULT_CA_VALIDITY.notAfter,
      publicKey: keys.publicKey,
      signingKey: issuer.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        ...(await keyIdentifiers(keys.publicKey, issuer.certificate)),
      ],
    },
    crypto,
  );
  return identity(cert, keys.privateKey);
}

/** Re-reads a CA kept as PEM (cli.ts keeps it in its directory). */
export async function importTestCa(pems: {
  rootCertificatePem: string;
  rootPrivateKeyPem: string;
  intermediateCertificatePem: string;
  intermediatePrivateKeyPem: string;
}): Promise<TestCa> {
  const load = async (certificatePem: string, privateKeyPem: string): Promise<TestIdentity> => ({
    certificate: new x509.X509Certificate(certificatePem),
    certificatePem,
    privateKey: await importPrivateKeyPem(privateKeyPem),
    privateKeyPem,
  });
  return {
    root: await load(pems.rootCertificatePem, pems.rootPrivateKeyPem),
    intermediate: await load(pems.intermediateCertificatePem, pems.intermediatePrivateKeyPem),
  };
}

// ---------------------------------------------------------------------------------------------
// persons

function personName(options: PersonOptions): x509.JsonNameParams {
  if (!/^\d{12}$/.test(options.iin)) throw new Error(`IIN must be 12 digits: ${options.iin}`);
  if (options.bin !== undefined && !/^\d{12}$/.test(options.bin)) {
    throw new Error(`BIN must be 12 digits: ${options.bin}`);
  }
  const surname = options.surname.trim();
  const givenName = options.givenName.trim();
  if (!surname || !givenName) throw new Error('surname and given name are required');
  const name: x509.JsonNameParams = [
    utf8(ATTR.commonName, `${surname} ${givenName}`),
    utf8(ATTR.surname, surname),
    printable(ATTR.serialNumber, `IIN${options.iin}`),
    printable(ATTR.country, 'KZ'),
  ];
  if (options.bin !== undefined) {
    if (options.organization) name.push(utf8(ATTR.organization, options.organization));
    name.push(utf8(ATTR.organizationalUnit, `BIN${options.bin}`));
  }
  if (options.patronymic?.trim()) name.push(utf8(ATTR.givenName, options.patronymic.trim()));
  return name;
}

/** One person certificate (AUTH or SIGN) issued by the CA's issuing CA, with a fresh key. */
export async function issuePersonKey(
  ca: TestCa,
  keyType: KeyType,
  options: PersonOptions,
): Promise<IssuedKey> {
  const role = options.employeeRole ?? PROFILE_OID.employeeDefault;
  if (
    options.bin !== undefined &&
    role !== PROFILE_OID.employee &&
    !role.startsWith(`${PROFILE_OID.employee}.`)
  ) {
    throw new Error(`employee role must be ${PROFILE_OID.employee}[.x]: ${role}`);
  }
  const subjectType = options.bin !== undefined ? role : PROFILE_OID.individual;
  const usage =
    keyType === 'auth'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  const purpose = keyType === 'auth' ? PROFILE_OID.clientAuth : PROFILE_OID.emailProtection;
  const serialNumberHex = normalizeSerialHex(options.serialNumberHex ?? randomSerialHex());
  const keys = options.keyPair ?? (await generateKeys());
  const issuer = ca.intermediate;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumberHex,
      subject: new x509.Name(personName(options)),
      issuer: issuer.certificate.subjectName,
      notBefore: options.notBefore ?? DEFAULT_PERSON_VALIDITY.notBefore,
      notAfter: options.notAfter ?? DEFAULT_PERSON_VALIDITY.notAfter,
      publicKey: keys.publicKey,
      signingKey: issuer.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension([purpose, subjectType], false),
        ...(await keyIdentifiers(keys.publicKey, issuer.certificate)),
        ...revocationPointers(options),
      ],
    },
    crypto,
  );
  return {
    ...(await identity(cert, keys.privateKey)),
    keyType,
    serialNumberHex: normalizeSerialHex(cert.serialNumber),
    chainPem: [issuer.certificatePem],
    rootPem: ca.root.certificatePem,
  };
}

/** The extensions that say where a certificate's revocation is published. */
function revocationPointers(options: Pick<PersonOptions, 'crlUrls' | 'deltaCrlUrls' | 'ocspUrls'>) {
  const extensions: x509.Extension[] = [];
  if (options.crlUrls?.length) {
    extensions.push(new x509.CRLDistributionPointsExtension(options.crlUrls));
  }
  if (options.deltaCrlUrls?.length) {
    const points = new x509.CRLDistributionPointsExtension(options.deltaCrlUrls);
    extensions.push(new x509.Extension('2.5.29.46', false, points.value)); // freshestCRL
  }
  if (options.ocspUrls?.length) {
    extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: options.ocspUrls }));
  }
  return extensions;
}

/**
 * A delegated OCSP responder of the CA's issuing CA (RFC 6960 §4.2.2.2): extKeyUsage
 * id-kp-OCSPSigning, issued by the CA whose certificates it answers for.
 */
export async function issueOcspResponder(
  ca: TestCa,
  options: Validity = {},
): Promise<TestIdentity> {
  const keys = await generateKeys();
  const issuer = ca.intermediate;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: new x509.Name([utf8(ATTR.commonName, 'KEZEK TEST OCSP RESPONDER')]),
      issuer: issuer.certificate.subjectName,
      notBefore: options.notBefore ?? DEFAULT_CA_VALIDITY.notBefore,
      notAfter: options.notAfter ?? DEFAULT_CA_VALIDITY.notAfter,
      publicKey: keys.publicKey,
      signingKey: issuer.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.9'], false),
        ...(await keyIdentifiers(keys.publicKey, issuer.certificate)),
      ],
    },
    crypto,
  );
  return identity(cert, keys.privateKey);
}

/** The AUTH and SIGN keys of one person (or employee, with `bin`). */
export async function issuePersonKeys(ca: TestCa, options: PersonOptions): Promise<PersonKeys> {
  // Two certificates cannot share a serial number: a given one is ignored here.
  const { serialNumberHex: _ignored, ...rest } = options;
  return {
    auth: await issuePersonKey(ca, 'auth', rest),
    sign: await issuePersonKey(ca, 'sign', rest),
  };
}

// ---------------------------------------------------------------------------------------------
// PKCS#12

export type P12Algorithm = '3des' | 'aes256';

export interface P12Options {
  /** Also put the issuing CA certificates into the file (real files hold only the person's). */
  includeChain?: boolean;
  friendlyName?: string;
}

/**
 * A password-protected PKCS#12 file made by node-forge. `3des` (pbeWithSHAAnd3-KeyTripleDES-CBC)
 * is what real citizens' files use; `aes256` is PBES2/PBKDF2/AES-256-CBC.
 */
export function toP12(
  keys: CmsSigner,
  password: string,
  algorithm: P12Algorithm = '3des',
  options: P12Options = {},
): Uint8Array {
  const key = forge.pki.privateKeyFromPem(keys.privateKeyPem);
  const certs = [keys.certificatePem, ...(options.includeChain ? (keys.chainPem ?? []) : [])].map(
    (pem) => forge.pki.certificateFromPem(pem),
  );
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm,
    generateLocalKeyId: true,
    ...(options.friendlyName !== undefined ? { friendlyName: options.friendlyName } : {}),
  });
  return binaryToBytes(forge.asn1.toDer(asn1).getBytes());
}

// ---------------------------------------------------------------------------------------------
// CRL

export interface RevokedEntry {
  serialNumberHex: string;
  revokedAt?: Date;
  /** RFC 5280 CRLReason (1 keyCompromise, 4 superseded, 6 certificateHold…). */
  reason?: number;
}

export interface CrlOptions {
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber?: number;
  /** Makes a delta CRL (deltaCRLIndicator) to the base CRL of this number. */
  deltaBase?: number;
}

export interface CrlFiles {
  der: Uint8Array;
  pem: string;
}

function asn1Time(date: Date): pkijs.Time {
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  const type = date.getUTCFullYear() < 2050 ? 0 : 1;
  return new pkijs.Time({ type, value: date });
}

/**
 * A CRL (v2, cRLNumber and authorityKeyIdentifier) signed by `issuer` with SHA-256: a TestCa
 * means its issuing CA; pass `ca.root` for the root's CRL. Made with pkijs (@peculiar/x509
 * writes an empty, invalid crlEntryExtensions for entries without extensions).
 */
export async function createCrl(
  issuer: TestCa | TestIdentity,
  revoked: readonly (string | RevokedEntry)[],
  options: CrlOptions,
): Promise<CrlFiles> {
  const ca = 'intermediate' in issuer ? issuer.intermediate : issuer;
  const issuerCert = pkijs.Certificate.fromBER(ca.certificate.rawData);
  const ski = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.20', // cRLNumber
      critical: false,
      extnValue: new asn1js.Integer({ value: options.crlNumber ?? 1 }).toBER(),
    }),
  ];
  if (options.deltaBase !== undefined) {
    extensions.push(
      new pkijs.Extension({
        extnID: '2.5.29.27', // deltaCRLIndicator
        critical: true,
        extnValue: new asn1js.Integer({ value: options.deltaBase }).toBER(),
      }),
    );
  }
  if (ski) {
    extensions.push(
      new pkijs.Extension({
        extnID: '2.5.29.35', // authorityKeyIdentifier
        critical: false,
        extnValue: new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: Buffer.from(ski.keyId, 'hex') }),
        })
          .toSchema()
          .toBER(),
      }),
    );
  }
  const entries = revoked.map((entry) => {
    const item = typeof entry === 'string' ? { serialNumberHex: entry } : entry;
    const serial = Buffer.from(normalizeSerialHex(item.serialNumberHex), 'hex');
    // DER INTEGER: a leading 0x00 keeps a serial with the high bit set positive.
    const integer = (serial[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), serial]) : serial;
    return new pkijs.RevokedCertificate({
      userCertificate: new asn1js.Integer({ valueHex: integer }),
      revocationDate: asn1Time(item.revokedAt ?? options.thisUpdate),
      ...(item.reason !== undefined
        ? {
            crlEntryExtensions: new pkijs.Extensions({
              extensions: [
                new pkijs.Extension({
                  extnID: '2.5.29.21', // reasonCode
                  critical: false,
                  extnValue: new asn1js.Enumerated({ value: item.reason }).toBER(),
                }),
              ],
            }),
          }
        : {}),
    });
  });
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: issuerCert.subject,
    thisUpdate: asn1Time(options.thisUpdate),
    nextUpdate: asn1Time(options.nextUpdate),
    ...(entries.length > 0 ? { revokedCertificates: entries } : {}),
    crlExtensions: new pkijs.Extensions({ extensions }),
  });
  await crl.sign(
    ca.privateKey as unknown as Parameters<pkijs.CertificateRevocationList['sign']>[0],
    'SHA-256',
    pkijsEngine,
  );
  const der = new Uint8Array(crl.toSchema(true).toBER());
  return { der, pem: toPem(der, 'X509 CRL') };
}
