/** The refusals of EDS verification: each is a code of the API (docs/api.md, "Signed actions"). */
export type SignatureErrorCode =
  | 'malformed_cms'
  | 'bad_signature'
  | 'untrusted_chain'
  | 'cert_expired'
  | 'cert_not_yet_valid'
  | 'cert_revoked'
  /** No fresh revocation data (CRL or OCSP) for a certificate of the chain: fails closed. */
  | 'revocation_unknown'
  | 'wrong_key_type'
  /** A GOST key or algorithm (the national CA's other profile): refused when the CMS is read. */
  | 'unsupported_algorithm';

export class SignatureError extends Error {
  readonly code: SignatureErrorCode;

  constructor(code: SignatureErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SignatureError';
    this.code = code;
  }
}

export function fail(code: SignatureErrorCode, message: string, cause?: unknown): never {
  throw new SignatureError(code, message, cause === undefined ? undefined : { cause });
}
