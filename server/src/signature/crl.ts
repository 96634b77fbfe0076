/**
 * Certificate revocation lists (RFC 5280 §5) as the trust store keeps them: the issuer's name,
 * the dates, the revoked serial numbers as a set, and the signature, checked natively against a
 * candidate issuer once and remembered (a national CA's list can hold a hundred thousand entries
 * and megabytes to hash).
 *
 * The extensions that change what a list means are read: cRLNumber, deltaCRLIndicator (a delta
 * CRL lists only what changed since a base CRL: it counts together with a base of at least that
 * number) and issuingDistributionPoint (a list of only user or only CA certificates, of some
 * reasons only, or indirect). A list of some reasons, an indirect one or one with an unknown
 * critical extension is not complete: its listings count, but it cannot say "not revoked".
 */
import { algorithmIdentifier, signedWith } from './algorithms.ts';
import type { AlgorithmIdentifier, SignedPart } from './algorithms.ts';
import { serialHex, readName, type Certificate, type Name } from './certificate.ts';
import {
  bitStringBytes,
  boolean,
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

const CRL_EXTENSION = {
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const REASON_CODE = '2.5.29.21';
/** CRLReason removeFromCRL: in a delta CRL, an entry that ends a certificateHold. */
const REMOVE_FROM_CRL = 8;

/** An INTEGER as a bigint (CRL numbers may be 20 bytes long). */
function bigInteger(element: Element | undefined, what: string): bigint {
  const bytes = primitive(element, TAG.integer, what);
  if (bytes.length === 0 || bytes.length > 20) throw new DerError(`${what} is out of range`);
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** The CRLReason of a CRL entry's extensions, or null. */
function entryReason(extensions: Element | undefined): number | null {
  if (!is(extensions, TAG_CLASS.universal, TAG.sequence)) return null;
  for (const ext of sequence(extensions, 'crlEntryExtensions')) {
    const fields = sequence(ext, 'a CRL entry extension');
    if (oid(fields[0]) !== REASON_CODE) continue;
    const value = readElement(primitive(fields[fields.length - 1], TAG.octetString, 'reasonCode'));
    if (value.tagNumber !== 10 || value.value.length !== 1) return null; // ENUMERATED
    return value.value[0] as number;
  }
  return null;
}

/** Which certificates a list speaks of (issuingDistributionPoint). */
export type CrlScope = 'all' | 'users' | 'cas';

export class Crl implements SignedPart {
  readonly issuer: Name;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
  /**
   * The serial numbers listed, as {@link serialHex} writes them: any listing counts (a delta
   * CRL's removeFromCRL entries are not listings).
   */
  readonly revoked: ReadonlySet<string>;
  /** cRLNumber, or null. */
  readonly number: bigint | null;
  /** The base CRL number of a delta CRL (deltaCRLIndicator); null for a complete list. */
  readonly deltaBase: bigint | null;
  /** Only user certificates, only CA certificates, or all. */
  readonly scope: CrlScope;
  /** Whether the absence of a serial number means "not revoked" (see the module comment). */
  readonly complete: boolean;
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
      ? sequence(rest.shift(), 'revokedCertificates')
      : [];
    const extensionsField = rest.find((field) => is(field, TAG_CLASS.context, 0));
    const extensions = extensionsField
      ? sequence(childrenOf(extensionsField)[0], 'crlExtensions').map((ext) => {
          const fields = sequence(ext, 'a CRL extension');
          return {
            oid: oid(fields[0], 'a CRL extension'),
            critical: fields.length === 3 && boolean(fields[1], 'critical'),
            value: readElement(
              primitive(fields[fields.length - 1], TAG.octetString, 'a CRL extension'),
            ),
          };
        })
      : [];
    const extension = (id: string) => extensions.find((ext) => ext.oid === id)?.value;
    const numberValue = extension(CRL_EXTENSION.crlNumber);
    this.number = numberValue ? bigInteger(numberValue, 'cRLNumber') : null;
    const deltaValue = extension(CRL_EXTENSION.deltaCrlIndicator);
    this.deltaBase = deltaValue ? bigInteger(deltaValue, 'deltaCRLIndicator') : null;
    let scope: CrlScope = 'all';
    let partial = extensions.some(
      (ext) => ext.critical && !Object.values(CRL_EXTENSION).includes(ext.oid as never),
    );
    const idp = extension(CRL_EXTENSION.issuingDistributionPoint);
    if (idp) {
      for (const field of sequence(idp, 'issuingDistributionPoint')) {
        if (field.tagClass !== TAG_CLASS.context) continue;
        const set = field.value.length === 1 && field.value[0] !== 0;
        if (field.tagNumber === 1 && set) scope = 'users';
        if (field.tagNumber === 2 && set) scope = 'cas';
        if (field.tagNumber === 3 || (field.tagNumber === 4 && set)) partial = true;
        if (field.tagNumber === 5 && set) partial = true; // onlyContainsAttributeCerts
      }
    }
    this.scope = scope;
    this.complete = !partial;
    const listed = new Set<string>();
    for (const entry of entries) {
      const [serial, , entryExtensions] = sequence(entry, 'a CRL entry');
      const hex = serialHex(primitive(serial, TAG.integer, 'userCertificate'));
      if (this.deltaBase !== null && entryReason(entryExtensions) === REMOVE_FROM_CRL) continue;
      listed.add(hex);
    }
    this.revoked = listed;
  }

  /** Whether this list speaks of `cert` (a CA certificate or not). */
  covers(cert: { basicConstraints?: Certificate['basicConstraints'] }): boolean {
    if (this.scope === 'all') return true;
    return (this.scope === 'cas') === (cert.basicConstraints?.ca === true);
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
