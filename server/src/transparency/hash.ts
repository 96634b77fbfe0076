import { createHash } from 'node:crypto';
import { merkleTree } from '@kezek/domain';

/** RFC 9162's tree over SHA-256 (domain/merkle.ts given node's hash): the server's one instance. */
export const tree = merkleTree(
  (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest()),
);

export const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
