/**
 * @kezek/eds — making EDS signatures from a PKCS#12 key file, in the browser and in node: the
 * web app's key-file signer and the server's test CA share this code. node-forge does the work
 * (it opens the 3DES-protected files of the national CA that WebCrypto cannot); the server
 * verifies with pkijs only, never with this package.
 */
export { bytesToBinary, binaryToBytes, fromBase64, toBase64, utf8 } from './bytes.ts';
export {
  certificateProblem,
  certificateSummary,
  type CertificateProblem,
  type CertificateSummary,
  type KeyType,
} from './certificate.ts';
export { forgeIssuerAttributes, signCms, type CmsDigest, type SignCmsOptions } from './cms.ts';
export { PROFILE_OID } from './oids.ts';
export {
  openP12,
  P12Error,
  P12FormatError,
  P12PasswordError,
  type CmsSigner,
  type OpenedP12,
  type P12FormatReason,
} from './p12.ts';
export {
  EgovMobileError,
  readSigningRequest,
  sendSignatures,
  signWithEgovMobile,
  signingUrlOf,
  type EgovDocuments,
  type EgovMobileOptions,
  type EgovSigningInfo,
  type EgovSigningRequest,
} from './egov-mobile.ts';
