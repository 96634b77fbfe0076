import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import canonicalize from 'canonicalize';
import { merkleTree } from '@kezek/domain';
import type { LogKey, SignedTreeHead, TreeHeadBody } from '@kezek/contracts';

/** SHA-256, the log's hash (contracts/src/transparency.ts). */
export const sha256 = (bytes: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha256').update(bytes).digest());

/** The RFC 9162 tree over SHA-256, as the server builds it (domain/src/merkle.ts). */
export const tree = merkleTree(sha256);

export const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
export const fromHex = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
export const utf8 = (text: string) => new TextEncoder().encode(text);

/** The leaf hash of an entry's exact bytes. */
export const leafHashOf = (data: string) => tree.leafHash(utf8(data));

/** What a head's signature covers: the canonical JSON (RFC 8785) of its body, UTF-8. */
export function headMessage(head: TreeHeadBody): Uint8Array {
  const { v, logId, treeSize, timestamp, rootHash } = head;
  return utf8(canonicalize({ v, logId, treeSize, timestamp, rootHash })!);
}

/** SHA-256 of the DER of the key (SPKI) or, for an EDS, of the signer's certificate. */
export function keyFingerprint(key: Pick<LogKey, 'algorithm' | 'publicKeyPem'>): string {
  const der =
    key.algorithm === 'ed25519'
      ? createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' })
      : new X509Certificate(key.publicKeyPem).raw;
  return toHex(sha256(der));
}

/** Whether an Ed25519 head's signature verifies with the log's key. */
export function ed25519HeadVerifies(head: SignedTreeHead, key: LogKey): boolean {
  try {
    const publicKey = createPublicKey(key.publicKeyPem);
    return verify(null, headMessage(head), publicKey, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
