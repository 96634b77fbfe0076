/**
 * Certificate revocation lists (RFC 5280 §5) as the trust store keeps them: the issuer's name,
 * the dates, the revoked serial numbers as a set, and the signature, checked natively against a
 * candidate issuer once and remembered (a national CA's list can hold a hundred thousand entries
 * and megabytes to hash).
 */
import { algorithmIdentifier, signedWith } from './algorithms.ts';
import type { AlgorithmIdentifier, SignedPart } from './algorithms.ts';
import { serialHex, readName, type Certificate, type Name } from './certificate.ts';
import {
  bitStringBytes,
  is,
  primitive,
  readElement,
  sequence,
  TAG,
  TAG_CLASS,
  time,
} from './der.ts';
import type { Element } from './der.ts';

export class Crl implements SignedPart {
  readonly issuer: Name;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  /** The serial numbers listed, as {@link serialHex} writes them: any listing counts. */
  readonly revoked: ReadonlySet<string>;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  private readonly verifiedBy = new Map<string, boolean>();

  /** Throws a DerError when `der` is not a CRL. */
  constructor(der: Uint8Array) {
    const [tbs, signatureAlgorithm, signature] = sequence(readElement(der), 'CRL');
    this.tbs = (tbs as Element).bytes;
    this.signatureAlgorithm = algorithmIdentifier(signatureAlgorithm, 'CRL signatureAlgorithm');
    this.signature = bitStringBytes(signature, 'CRL signature');
    const fields = sequence(tbs, 'tbsCertList');
    if (is(fields[0], TAG_CLASS.universal, TAG.integer)) fields.shift(); // version
    const [, issuer, thisUpdate, ...rest] = fields;
    this.issuer = readName(issuer, 'CRL issuer');
    this.thisUpdate = time(thisUpdate, 'thisUpdate');
    const next = rest[0];
    const hasNext =
      is(next, TAG_CLASS.universal, TAG.utcTime) ||
      is(next, TAG_CLASS.universal, TAG.generalizedTime);
    this.nextUpdate = hasNext ? time(rest.shift(), 'nextUpdate') : null;
    const entries = is(rest[0], TAG_CLASS.universal, TAG.sequence)
      ? sequence(rest[0], 'revokedCertificates')
      : [];
    this.revoked = new Set(
      entries.map((entry) =>
        serialHex(primitive(sequence(entry, 'a CRL entry')[0], TAG.integer, 'userCertificate')),
      ),
    );
  }

  /** Whether `issuer`'s key signed this list (checked once per issuer). */
  signedBy(issuer: Certificate): boolean {
    let verified = this.verifiedBy.get(issuer.fingerprint);
    if (verified === undefined) {
      verified = signedWith(this, issuer.publicKey);
      this.verifiedBy.set(issuer.fingerprint, verified);
    }
    return verified;
  }
}
