import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};

pkijs.setEngine('bench', new pkijs.CryptoEngine({ name: 'bench', crypto: webcrypto as Crypto }));

function certificateOf(pem: string): pkijs.Certificate {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return pkijs.Certificate.fromBER(der);
}

/**
 * A person's signing material for the load generator: CMS SignedData made by pkijs with the
 * platform's RSA (node-forge's pure-JS RSA, which the tests use, would take longer than the server
 * spends verifying, and the load must not be the bottleneck).
 */
export class BenchSigner {
  private readonly certificate: pkijs.Certificate;
  private readonly chain: pkijs.Certificate[];
  private readonly key: CryptoKey;

  private constructor(certificate: pkijs.Certificate, chain: pkijs.Certificate[], key: CryptoKey) {
    this.certificate = certificate;
    this.chain = chain;
    this.key = key;
  }

  static async create(certificatePem: string, chainPem: string[], key: CryptoKey) {
    return new BenchSigner(certificateOf(certificatePem), chainPem.map(certificateOf), key);
  }

  /** Attached-content CMS with contentType, messageDigest and signingTime, base64 DER. */
  async sign(content: Uint8Array): Promise<string> {
    const digest = createHash('sha256').update(content).digest();
    const signerInfo = new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({
        issuer: this.certificate.issuer,
        serialNumber: this.certificate.serialNumber,
      }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({
        type: 0,
        attributes: [
          new pkijs.Attribute({
            type: OID.contentType,
            values: [new asn1js.ObjectIdentifier({ value: OID.data })],
          }),
          new pkijs.Attribute({
            type: OID.messageDigest,
            values: [new asn1js.OctetString({ valueHex: digest })],
          }),
          new pkijs.Attribute({
            type: OID.signingTime,
            values: [new asn1js.UTCTime({ valueDate: new Date() })],
          }),
        ],
      }),
    });
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: OID.data,
        eContent: new asn1js.OctetString({ valueHex: content }),
      }),
      signerInfos: [signerInfo],
      certificates: [this.certificate, ...this.chain],
    });
    await signedData.sign(this.key, 0, 'SHA-256');
    const contentInfo = new pkijs.ContentInfo({
      contentType: OID.signedData,
      content: signedData.toSchema(true),
    });
    return Buffer.from(contentInfo.toSchema().toBER()).toString('base64');
  }
}

export async function importSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pkcs8Pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}
