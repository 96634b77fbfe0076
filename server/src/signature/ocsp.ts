/**
 * OCSP (RFC 6960): the request for one certificate, and the reading and checking of the
 * responder's answer. The request is encoded with asn1js; the answer is read with der.ts (its
 * signed part sliced as received) and its signature checked with node's crypto, as every other
 * signature here.
 *
 * An answer counts only when:
 *   - the response is "successful" and a BasicOCSPResponse;
 *   - it is signed by the certificate's issuer, or by a responder certificate that the issuer
 *     issued for it (its signature verifies with the issuer's key, extKeyUsage id-kp-OCSPSigning,
 *     valid at the instant asked about) carried in the response (RFC 6960 §4.2.2.2);
 *   - one of its SingleResponses names this certificate (serial number, issuer name hash and
 *     issuer key hash);
 *   - thisUpdate is not in the future (5 minutes of clock skew) and nextUpdate, when given, not
 *     past. Without a nextUpdate the answer is kept 5 minutes at most.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { algorithmIdentifier, DIGESTS, signedWith, type SignedPart } from './algorithms.ts';
import { readCertificate, type Certificate } from './certificate.ts';
import {
  bitStringBytes,
  childrenOf,
  DerError,
  is,
  oid,
  primitive,
  readElement,
  sequence,
  TAG,
  TAG_CLASS,
  time,
} from './der.ts';
import type { Element } from './der.ts';

const SHA1 = '1.3.14.3.2.26';
const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const SKEW_MS = 5 * 60_000;
/** How long an answer without nextUpdate is kept. */
export const OCSP_NO_NEXT_UPDATE_MS = 5 * 60_000;
/** At most this many certificates are looked at in a response. */
const MAX_RESPONSE_CERTS = 4;

const RESPONSE_STATUS: Record<number, string> = {
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

export class OcspError extends Error {
  override name = 'OcspError';
}

export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Until when the answer may be used (ms): nextUpdate, or thisUpdate's instant + 5 minutes. */
  until: number;
}

const sha = (name: string, bytes: Uint8Array) => createHash(name).update(bytes).digest();

function serialInteger(cert: Certificate): Uint8Array {
  const bytes = Buffer.from(cert.serialHex, 'hex');
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** A DER OCSPRequest for `cert` issued by `issuer` (CertID with SHA-1, no nonce: cacheable). */
export function ocspRequest(cert: Certificate, issuer: Certificate): Uint8Array {
  const certId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: SHA1 }), new asn1js.Null()],
      }),
      new asn1js.OctetString({ valueHex: sha('sha1', issuer.subject.der) }),
      new asn1js.OctetString({ valueHex: sha('sha1', issuer.publicKeyBits) }),
      new asn1js.Integer({ valueHex: serialInteger(cert) }),
    ],
  });
  const request = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] })],
      }),
    ],
  });
  return new Uint8Array(request.toBER());
}

const NODE_HASH: Record<string, string> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Whether a CertID names `cert` of `issuer`. */
function namesCertificate(certId: Element, cert: Certificate, issuer: Certificate): boolean {
  const [hashAlgorithm, nameHash, keyHash, serial] = sequence(certId, 'CertID');
  const digest = DIGESTS[algorithmIdentifier(hashAlgorithm, 'CertID hashAlgorithm').oid];
  const hash = digest && NODE_HASH[digest];
  if (!hash) return false;
  const serialBytes = primitive(serial, TAG.integer, 'CertID serialNumber');
  const hex =
    Buffer.from(serialBytes)
      .toString('hex')
      .replace(/^(00)+/, '') || '00';
  return (
    hex === cert.serialHex &&
    sha(hash, issuer.subject.der).equals(primitive(nameHash, TAG.octetString, 'issuerNameHash')) &&
    sha(hash, issuer.publicKeyBits).equals(primitive(keyHash, TAG.octetString, 'issuerKeyHash'))
  );
}

/** The certificate whose key signed the response: the issuer, or a responder it authorised. */
function responderKeyHolder(
  signed: SignedPart,
  carried: Element | undefined,
  issuer: Certificate,
  at: Date,
): Certificate | null {
  if (signedWith(signed, issuer.publicKey)) return issuer;
  if (!carried) return null;
  const certs = sequence(childrenOf(carried)[0], 'OCSP certs').slice(0, MAX_RESPONSE_CERTS);
  for (const element of certs) {
    const responder = readCertificate(element.bytes);
    if (responder.issuer.key !== issuer.subject.key) continue;
    if (!responder.extendedKeyUsage?.includes(OCSP_SIGNING)) continue;
    if (at < responder.notBefore || at > responder.notAfter) continue;
    if (!signedWith(responder, issuer.publicKey)) continue;
    if (signedWith(signed, responder.publicKey)) return responder;
  }
  return null;
}

/**
 * The status of `cert` in an OCSP response, at `at`; throws an OcspError when the response does
 * not count (see the module comment).
 */
export function readOcspResponse(
  der: Uint8Array,
  cert: Certificate,
  issuer: Certificate,
  at: Date,
): OcspAnswer {
  try {
    const [status, bytes] = sequence(readElement(der), 'OCSPResponse');
    const code = primitive(status, 10, 'responseStatus')[0] ?? -1;
    if (code !== 0) {
      throw new OcspError(`the responder answered ${RESPONSE_STATUS[code] ?? `status ${code}`}`);
    }
    if (!is(bytes, TAG_CLASS.context, 0)) throw new OcspError('the response carries no answer');
    const [type, octets] = sequence(childrenOf(bytes)[0], 'responseBytes');
    if (oid(type) !== OCSP_BASIC) throw new OcspError('not a basic OCSP response');
    const basic = readElement(primitive(octets, TAG.octetString, 'response'));
    const [tbs, signatureAlgorithm, signature, carried] = sequence(basic, 'BasicOCSPResponse');
    const signed: SignedPart = {
      tbs: (tbs as Element).bytes,
      signatureAlgorithm: algorithmIdentifier(signatureAlgorithm, 'OCSP signatureAlgorithm'),
      signature: bitStringBytes(signature, 'OCSP signature'),
    };
    if (!responderKeyHolder(signed, carried, issuer, at)) {
      throw new OcspError('the response is not signed by the CA or a responder it authorised');
    }
    const fields = sequence(tbs, 'ResponseData');
    if (is(fields[0], TAG_CLASS.context, 0)) fields.shift(); // version
    const responses = fields.find((f) => is(f, TAG_CLASS.universal, TAG.sequence));
    for (const single of sequence(responses, 'responses')) {
      const [certId, certStatus, thisUpdateField, ...rest] = sequence(single, 'SingleResponse');
      if (!namesCertificate(certId as Element, cert, issuer)) continue;
      const thisUpdate = time(thisUpdateField, 'thisUpdate');
      const nextField = rest.find((f) => is(f, TAG_CLASS.context, 0));
      const nextUpdate = nextField ? time(childrenOf(nextField)[0], 'nextUpdate') : null;
      if (thisUpdate.getTime() > at.getTime() + SKEW_MS) {
        throw new OcspError(`the answer's thisUpdate ${thisUpdate.toISOString()} is in the future`);
      }
      if (nextUpdate && nextUpdate.getTime() < at.getTime()) {
        throw new OcspError(`the answer is out of date (nextUpdate ${nextUpdate.toISOString()})`);
      }
      const tag = (certStatus as Element).tagNumber;
      const found =
        certStatus?.tagClass !== TAG_CLASS.context
          ? 'unknown'
          : tag === 0
            ? 'good'
            : tag === 1
              ? 'revoked'
              : 'unknown';
      return {
        status: found,
        thisUpdate,
        nextUpdate,
        until: nextUpdate?.getTime() ?? at.getTime() + OCSP_NO_NEXT_UPDATE_MS,
      };
    }
    throw new OcspError('the response does not name the certificate');
  } catch (error) {
    if (error instanceof DerError) throw new OcspError(`unreadable response: ${error.message}`);
    throw error;
  }
}
