/**
 * Where a certificate says its revocation is published (RFC 5280 §4.2.1.13, §4.2.1.15,
 * §4.2.2.1): the http(s) URLs of its CRL distribution points and freshest-CRL (delta) points, and
 * of its issuer's OCSP responders (authorityInfoAccess). Other names (LDAP, directory names) are
 * not followed. An unreadable extension names nothing.
 */
import type { Certificate } from './certificate.ts';
import { childrenOf, DerError, oid, readElement, sequence, TAG_CLASS } from './der.ts';
import type { Element } from './der.ts';

const EXTENSION = {
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;
const OCSP_ACCESS = '1.3.6.1.5.5.7.48.1';
/** GeneralName uniformResourceIdentifier [6] IA5String. */
const URI_TAG = 6;
/** More is not a real certificate: bounds the work on a hostile one. */
const MAX_URLS = 8;

function httpUrl(element: Element): string | null {
  if (element.tagClass !== TAG_CLASS.context || element.tagNumber !== URI_TAG) return null;
  const text = Buffer.from(element.value).toString('latin1');
  return /^https?:\/\/[\x21-\x7e]+$/i.test(text) ? text : null;
}

function extensionOf(cert: Certificate, id: string): Element | null {
  const ext = cert.extensions.find((candidate) => candidate.oid === id);
  return ext ? readElement(ext.value) : null;
}

/** The fullName URIs of a CRLDistributionPoints (the syntax of both CDP and freshestCRL). */
function distributionPointUrls(cert: Certificate, id: string): string[] {
  try {
    const value = extensionOf(cert, id);
    if (!value) return [];
    const urls: string[] = [];
    for (const point of sequence(value, 'a distribution point list')) {
      // distributionPoint [0] { fullName [0] GeneralNames }; a cRLIssuer [2] means an indirect CRL.
      const fields = sequence(point, 'a distribution point');
      const name = fields.find((f) => f.tagClass === TAG_CLASS.context && f.tagNumber === 0);
      if (!name || fields.some((f) => f.tagClass === TAG_CLASS.context && f.tagNumber === 2)) {
        continue;
      }
      const fullName = childrenOf(name).find(
        (f) => f.tagClass === TAG_CLASS.context && f.tagNumber === 0,
      );
      if (!fullName) continue;
      for (const general of childrenOf(fullName)) {
        const url = httpUrl(general);
        if (url && !urls.includes(url)) urls.push(url);
      }
    }
    return urls.slice(0, MAX_URLS);
  } catch (error) {
    if (error instanceof DerError) return [];
    throw error;
  }
}

/** The CRLs (complete, then delta) that the certificate names for its own revocation. */
export function crlUrlsOf(cert: Certificate): string[] {
  return [
    ...distributionPointUrls(cert, EXTENSION.crlDistributionPoints),
    ...distributionPointUrls(cert, EXTENSION.freshestCrl),
  ];
}

/** The OCSP responders that the certificate's authorityInfoAccess names. */
export function ocspUrlsOf(cert: Certificate): string[] {
  try {
    const value = extensionOf(cert, EXTENSION.authorityInfoAccess);
    if (!value) return [];
    const urls: string[] = [];
    for (const access of sequence(value, 'authorityInfoAccess')) {
      const [method, location] = sequence(access, 'an access description');
      if (oid(method) !== OCSP_ACCESS || !location) continue;
      const url = httpUrl(location);
      if (url && !urls.includes(url)) urls.push(url);
    }
    return urls.slice(0, MAX_URLS);
  } catch (error) {
    if (error instanceof DerError) return [];
    throw error;
  }
}
