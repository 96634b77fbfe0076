import forge from 'node-forge';
import { binaryToBytes, bytesToBinary } from './bytes.ts';
import { forgeOid } from './oids.ts';
import type { CmsSigner } from './p12.ts';

export type CmsDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface SignCmsOptions {
  /** Digest of the content and of the signed attributes; default SHA-256. */
  digest?: CmsDigest;
  /** Add the issuing CA certificates (`chainPem`) to the CMS. */
  includeChain?: boolean;
  /** The signingTime attribute; default: this computer's clock (this is the signer's side). */
  signingTime?: Date;
  // The options below make deliberately odd signatures for the verifier's tests.
  /** Add the signer's certificate (default true; false makes a CMS no verifier can check). */
  includeCertificate?: boolean;
  /** Leave the content out (a detached signature: kezek refuses it). */
  detached?: boolean;
  /** More certificates (PEM) to put into the CMS. */
  extraCertificates?: readonly string[];
  /** Reproduce node-forge's double UTF-8 encoding of the signer's issuer (see below). */
  forgeIssuerBug?: boolean;
  /** More signers over the same content (kezek refuses more than one). */
  extraSigners?: readonly CmsSigner[];
}

const OID = {
  contentType: forgeOid('contentType'),
  messageDigest: forgeOid('messageDigest'),
  signingTime: forgeOid('signingTime'),
  data: forgeOid('data'),
};

/**
 * The issuer of `cert` for a SignerInfo's issuerAndSerialNumber, working around a node-forge bug
 * (digitalbazaar/forge#847): forge reads UTF8String values as raw bytes, and re-encodes them to
 * UTF-8 when it writes the issuer name, so a Cyrillic issuer (the national CA's "ҰЛТТЫҚ
 * КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)") comes out double-encoded and no verifier finds the signer's
 * certificate. Decoding the values first makes forge write the original bytes back.
 * Every forge-based signer needs this; {@link signCms} uses it.
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
 * A CMS SignedData (RFC 5652) over `content` made with node-forge, as kezek's server expects it:
 * attached content, signed attributes contentType, messageDigest and signingTime, RSA PKCS#1 v1.5
 * with SHA-256 by default, the signer's certificate (and the issuing CA certificates with
 * `includeChain`). Returns the DER bytes. Works in the browser and in node.
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
        { type: OID.contentType, value: OID.data },
        { type: OID.messageDigest },
        // forge accepts a Date here although its typings say string
        { type: OID.signingTime, value: signingTime as unknown as string },
      ],
    } as unknown as Parameters<typeof p7.addSigner>[0]);
  }
  for (const pem of options.extraCertificates ?? []) p7.addCertificate(pem);
  p7.sign({ detached: options.detached ?? false });
  return binaryToBytes(forge.asn1.toDer(p7.toAsn1()).getBytes());
}
