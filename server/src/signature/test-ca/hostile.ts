/**
 * A hostile CMS for tests and the bench: signed by a real person, but carrying look-alike CA
 * certificates — named as the trusted issuing CA, issued under the trusted root's name — whose
 * RSA public exponent has 3 070 bits. Every RSA check with such a key costs milliseconds, so a
 * verifier that builds paths by checking signatures before it applies limits can be stalled by
 * one citizen sending these in parallel.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signCms, type CmsSigner } from '@kezek/eds';
import type { TestCa } from './index.ts';

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** An exponent of 3 070 bits (base64url, as in a JWK). */
export const HUGE_EXPONENT = (() => {
  const e = Buffer.alloc(384, 0xff);
  e[0] = 0x3f;
  return e.toString('base64url');
})();

/** A look-alike of `ca`'s issuing CA with the given public key (JWK `n` and `e`, base64url). */
export async function lookAlikeCa(ca: TestCa, key: { n: string; e: string }): Promise<string> {
  const publicKey = await webcrypto.subtle.importKey('jwk', { kty: 'RSA', ...key }, RSA, true, [
    'verify',
  ]);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(8).toString('hex'),
      subject: ca.intermediate.certificate.subjectName,
      issuer: ca.root.certificate.subjectName,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      publicKey: publicKey as never,
      signingKey: ca.intermediate.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    webcrypto as never,
  );
  return cert.toString('pem');
}

/** A 2048-bit modulus of a real key (any odd number of that size would do). */
export async function modulus2048(): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(
    { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  return (await webcrypto.subtle.exportKey('jwk', keys.publicKey)).n!;
}

/** `content` signed by `signer`, carrying `count` look-alike CAs with a 3 070-bit exponent. */
export async function expensiveChainCms(
  ca: TestCa,
  signer: CmsSigner,
  content: Uint8Array,
  count = 15,
): Promise<Uint8Array> {
  const lookAlike = await lookAlikeCa(ca, { n: await modulus2048(), e: HUGE_EXPONENT });
  return signCms(content, signer, {
    extraCertificates: Array.from({ length: count }, () => lookAlike),
  });
}
