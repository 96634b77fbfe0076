import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { LogKey } from '@kezek/contracts';

/** What signs the log's tree heads, and the public key served to check them (docs/transparency.md). */
export interface LogSigner {
  key: LogKey;
  sign(bytes: Uint8Array): string;
}

/**
 * The Ed25519 signer of a PKCS #8 private key (KEZEK_LOG_KEY_FILE, or the key kept in the
 * database). The `eds-cms` algorithm of the contract (the organisation's EDS) is not offered yet.
 */
export function ed25519Signer(logId: string, privateKeyPem: string): LogSigner {
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the log key is ${privateKey.asymmetricKeyType}, not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    key: {
      logId,
      algorithm: 'ed25519',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      fingerprintSha256: createHash('sha256').update(der).digest('hex'),
    },
    // Ed25519 takes no digest name: the message is signed whole (RFC 8032).
    sign: (bytes) => sign(null, bytes, privateKey).toString('base64'),
  };
}
