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
 * WebCrypto (fast) and handed to node-forge as PEM for PKCS#12 files and CMS signing — the
 * browser signs with node-forge as well; the server verifies with pkijs only (../verify.ts).
 *
 * THIS IS A TEST CA: nothing here is fit for real keys.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import type { KeyType } from '../verify.ts';

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

function forgeOid(name: string): string {
  const oid = forge.pki.oids[name];
  if (!oid) throw new Error(`node-forge does not know ${name}`);
  return oid;
}

const FORGE_OID = {
  pkcs8ShroudedKeyBag: forgeOid('pkcs8ShroudedKeyBag'),
  keyBag: forgeOid('keyBag'),
  certBag: forgeOid('certBag'),
  contentType: forgeOid('contentType'),
  messageDigest: forgeOid('messageDigest'),
  signingTime: forgeOid('signingTime'),
  data: forgeOid('data'),
};

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

/** What signCms and toP12 need: PEM private key and certificate, and the issuing CA chain. */
export interface CmsSigner {
  privateKeyPem: string;
  certificatePem: string;
  /** Issuing CA certificates without the root, nearest first. */
  chainPem?: readonly string[];
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

function binaryToBytes(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'binary'));
}

function bytesToBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('binary');
}

async function generateKeys(): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
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
  const keys = await generateKeys();
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

/**
 * Opens a PKCS#12 file with node-forge (3DES, AES, RC2-protected certificate bags — what real
 * files use and WebCrypto cannot read): its private key, the certificate of that key, and the
 * other certificates of the file. Throws on a wrong password.
 */
export function openP12(p12: Uint8Array, password: string): Required<CmsSigner> {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytesToBinary(p12)), password);
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const key = [...bags(FORGE_OID.pkcs8ShroudedKeyBag), ...bags(FORGE_OID.keyBag)].find(
    (bag) => bag.key,
  )?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('no private key in the PKCS#12 file');
  const certs = bags(FORGE_OID.certBag)
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined && cert !== null);
  const own = certs.find((cert) => {
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return publicKey.n?.equals(key.n) && publicKey.e?.equals(key.e);
  });
  if (!own) throw new Error('no certificate for the private key in the PKCS#12 file');
  return {
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificatePem: forge.pki.certificateToPem(own),
    chainPem: certs.filter((cert) => cert !== own).map((cert) => forge.pki.certificateToPem(cert)),
  };
}

// ---------------------------------------------------------------------------------------------
// CMS

export type CmsDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface SignCmsOptions {
  digest?: CmsDigest;
  /** Add the issuing CA certificates (`chainPem`) to the CMS. */
  includeChain?: boolean;
  /** Add the signer's certificate (default true; false makes an invalid CMS for tests). */
  includeCertificate?: boolean;
  /** The signingTime attribute; default: the real clock (this is the signer's side). */
  signingTime?: Date;
  /** Leave the content out (detached signature: verify.ts refuses it). */
  detached?: boolean;
  /** More certificates (PEM) to put into the CMS. */
  extraCertificates?: readonly string[];
  /** Reproduce node-forge's double UTF-8 encoding of the signer's issuer (see below). */
  forgeIssuerBug?: boolean;
  /** More signers over the same content (verify.ts refuses more than one). */
  extraSigners?: readonly CmsSigner[];
}

/**
 * The issuer of `cert` for a SignerInfo's issuerAndSerialNumber, working around a node-forge bug
 * (digitalbazaar/forge#847): forge reads UTF8String values as raw bytes, and re-encodes them to
 * UTF-8 when it writes the issuer name, so a Cyrillic issuer (the national CA's "ҰЛТТЫҚ
 * КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)") comes out double-encoded and no verifier finds the signer's
 * certificate. Decoding the values first makes forge write the original bytes back.
 * Every forge-based signer (the browser's too) needs this.
 */
export function forgeIssuerAttributes(cert: forge.pki.Certificate): forge.pki.CertificateField[] {
  return cert.issuer.attributes.map((attr) =>
    (attr.valueTagClass as unknown as number) === forge.asn1.Type.UTF8 &&
    typeof attr.value === 'string'
      ? { ...attr, value: forge.util.decodeUtf8(attr.value) }
      : attr,
  );
}

/**
 * A CMS SignedData over `content` made with node-forge, the way the browser signs: attached
 * content, signed attributes contentType, messageDigest and signingTime, the signer certificate
 * (and the issuing CA certificates with `includeChain`). DER bytes.
 */
export function signCms(
  content: Uint8Array,
  signer: CmsSigner,
  options: SignCmsOptions = {},
): Uint8Array {
  const digest = options.digest ?? 'sha256';
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(bytesToBinary(content));
  const signingTime = options.signingTime ?? new Date();
  for (const each of [signer, ...(options.extraSigners ?? [])]) {
    const certificate = forge.pki.certificateFromPem(each.certificatePem);
    if (options.includeCertificate !== false) p7.addCertificate(certificate);
    if (options.includeChain) for (const pem of each.chainPem ?? []) p7.addCertificate(pem);
    const signerId = options.forgeIssuerBug
      ? { certificate }
      : { issuer: forgeIssuerAttributes(certificate), serialNumber: certificate.serialNumber };
    p7.addSigner({
      key: forge.pki.privateKeyFromPem(each.privateKeyPem),
      ...signerId,
      digestAlgorithm: forgeOid(digest),
      authenticatedAttributes: [
        { type: FORGE_OID.contentType, value: FORGE_OID.data },
        { type: FORGE_OID.messageDigest },
        // forge accepts a Date here although its typings say string
        { type: FORGE_OID.signingTime, value: signingTime as unknown as string },
      ],
    } as unknown as Parameters<typeof p7.addSigner>[0]);
  }
  for (const pem of options.extraCertificates ?? []) p7.addCertificate(pem);
  p7.sign({ detached: options.detached ?? false });
  return binaryToBytes(forge.asn1.toDer(p7.toAsn1()).getBytes());
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
