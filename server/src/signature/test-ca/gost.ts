/**
 * CMS signed "with a GOST key", for the tests of its refusal (`unsupported_algorithm`): the
 * national CA issues a GOST key beside the RSA one, and kezek accepts RSA only
 * (../algorithms.ts, isGostAlgorithm). Nothing here computes GOST: the refusal is by algorithm,
 * so the GOST public key and the signatures are random bytes in the places and sizes the national
 * CA's GOST 34.10-2015 certificates and KalkanCrypt's CMS have them.
 *
 * A person's RSA certificate of the test CA becomes a GOST certificate (same subject, issuer,
 * serial number and extensions; a GOST public key and signature algorithm), and a CMS signed by
 * @kezek/eds gets the GOST algorithms in its SignerInfo; each part can be GOST or left RSA, so
 * that a test can mix them.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signCms, type CmsSigner } from '@kezek/eds';

/** The algorithm identifiers of one GOST profile (key with its parameters, digest, signature). */
export interface GostProfile {
  key: string;
  /** The key's parameters: its curve and digest. */
  keyParameters: readonly string[];
  /** Bytes of the public key (x ‖ y). */
  keyBytes: number;
  digest: string;
  signature: string;
  /** Bytes of a signature (r ‖ s). */
  signatureBytes: number;
}

/** As the national CA writes them (see ../algorithms.ts for where they were read). */
export const GOST_PROFILES = {
  /** GOST 34.10-2015, 512 bits, with GOST 34.11-2015: the national CA's current GOST keys. */
  nca2015: {
    key: '1.2.398.3.10.1.1.2.2',
    keyParameters: ['1.2.398.3.10.1.1.2.2.1', '1.2.398.3.10.1.3.3'],
    keyBytes: 128,
    digest: '1.2.398.3.10.1.3.3',
    signature: '1.2.398.3.10.1.1.2.3.2',
    signatureBytes: 128,
  },
  /** GOST 34.310-2004 with GOST 34.311-95; KalkanCrypt names the key's algorithm in the CMS. */
  nca2004: {
    key: '1.2.398.3.10.1.1.1.1',
    keyParameters: ['1.2.398.3.10.1.1.1.1.1', '1.2.398.3.10.1.3.1'],
    keyBytes: 64,
    digest: '1.2.398.3.10.1.3.1',
    signature: '1.2.398.3.10.1.1.1.1',
    signatureBytes: 64,
  },
  /** Russian GOST R 34.10-2012, 256 bits, with Streebog-256 (RFC 9215). */
  russian2012: {
    key: '1.2.643.7.1.1.1.1',
    keyParameters: ['1.2.643.7.1.2.1.1.1'],
    keyBytes: 64,
    digest: '1.2.643.7.1.1.2.2',
    signature: '1.2.643.7.1.1.3.2',
    signatureBytes: 64,
  },
} as const satisfies Record<string, GostProfile>;

export type GostProfileName = keyof typeof GOST_PROFILES;

/** Which parts of the CMS are GOST; by default all of them. */
export interface GostParts {
  /** The signer's certificate carries a GOST key (and is signed with the GOST algorithm). */
  certificate?: boolean;
  /** The SignerInfo's digest algorithm. */
  digest?: boolean;
  /** The SignerInfo's signature algorithm (and a signature of its size). */
  signature?: boolean;
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const algorithm = (id: string, parameters?: asn1js.AsnType) =>
  new pkijs.AlgorithmIdentifier({
    algorithmId: id,
    ...(parameters ? { algorithmParams: parameters } : {}),
  });

/** The certificate with a GOST key in place of its RSA key, "signed" with the GOST algorithm. */
export function gostCertificate(certificatePem: string, profile: GostProfile): pkijs.Certificate {
  const der = Buffer.from(certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const cert = pkijs.Certificate.fromBER(der);
  cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
    algorithm: algorithm(
      profile.key,
      new asn1js.Sequence({ value: profile.keyParameters.map(oid) }),
    ),
    // As the national CA writes it: an OCTET STRING of x ‖ y inside the BIT STRING.
    subjectPublicKey: new asn1js.BitString({
      valueHex: new asn1js.OctetString({ valueHex: randomBytes(profile.keyBytes) }).toBER(),
    }),
  });
  cert.signature = algorithm(profile.signature);
  cert.signatureAlgorithm = algorithm(profile.signature);
  cert.signatureValue = new asn1js.BitString({ valueHex: randomBytes(profile.signatureBytes) });
  // The signed part as now changed: the CMS writes a certificate's kept bytes.
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER());
  return cert;
}

/**
 * `content` in a CMS whose parts `parts` say are GOST of `profile`: made by @kezek/eds with the
 * signer's RSA key (the signer's certificate and the issuing CA's inside), then rewritten. The
 * signer id (issuer and serial number) still names the signer's certificate.
 */
export function gostCms(
  content: Uint8Array,
  signer: CmsSigner,
  profileName: GostProfileName = 'nca2015',
  parts: GostParts = {},
): Uint8Array {
  const { certificate = true, digest = true, signature = true } = parts;
  const profile = GOST_PROFILES[profileName];
  const signed = signCms(content, signer, { includeChain: true });
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(signed));
  const signedData = new pkijs.SignedData({ schema: info.content });
  const [signerInfo] = signedData.signerInfos;
  if (!signerInfo || !signedData.certificates) throw new Error('signCms made no signer');
  if (certificate) {
    // The signer's certificate comes first; the issuing CA's stay RSA, as they are in real life.
    signedData.certificates[0] = gostCertificate(signer.certificatePem, profile);
  }
  if (digest) {
    signedData.digestAlgorithms = [algorithm(profile.digest)];
    signerInfo.digestAlgorithm = algorithm(profile.digest);
  }
  if (signature) {
    signerInfo.signatureAlgorithm = algorithm(profile.signature);
    signerInfo.signature = new asn1js.OctetString({
      valueHex: randomBytes(profile.signatureBytes),
    });
  }
  const rewritten = new pkijs.ContentInfo({
    contentType: pkijs.ContentInfo.SIGNED_DATA,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(rewritten.toSchema().toBER());
}
