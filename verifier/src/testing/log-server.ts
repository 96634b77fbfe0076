import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  consistencyProofQuerySchema,
  inclusionProofQuerySchema,
  LOG_ENTRIES_PAGE,
  LOG_LEAF_VERSION,
  logEntriesQuerySchema,
  type LogEvent,
  type LogKey,
  type SignedTreeHead,
} from '@kezek/contracts';
import { headMessage, keyFingerprint, leafHashOf, toHex, tree } from '../log/crypto.ts';

/** Ways the test log lies: each is one of the attacks the verifier must catch. */
export interface Misbehaviour {
  /** Entries served with other bytes than the signed leaves' (leaf index → served data). */
  servedData?: Map<number, string>;
  /** The head's signature made with another key than the served one. */
  foreignSignature?: boolean;
}

export interface TestLogServer {
  url: string;
  key: LogKey;
  head: () => SignedTreeHead;
  /**
   * Signs a new head over these events (the whole log, leaf 0 first): a later call with events
   * that do not extend the earlier ones is a fork.
   */
  publish: (events: readonly LogEvent[], timestamp?: string) => SignedTreeHead;
  misbehave: (misbehaviour: Misbehaviour) => void;
  close: () => Promise<void>;
}

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * A transparency log served over HTTP the way a kezek server serves it (the endpoints of
 * contracts/src/transparency.ts), built from a list of events with domain/'s Merkle tree and an
 * Ed25519 key of its own, and told to misbehave. For the verifier's tests now, and for checking
 * the same cases against the real server later.
 */
export async function startLogServer(
  events: readonly LogEvent[],
  logId = 'kezek.test',
): Promise<TestLogServer> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key: LogKey = {
    logId,
    algorithm: 'ed25519',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprintSha256: '',
  };
  key.fingerprintSha256 = keyFingerprint(key);
  let leaves: string[] = [];
  let hashes: Uint8Array[] = [];
  let head!: SignedTreeHead;
  let misbehaviour: Misbehaviour = {};

  const signHead = (signer: KeyObject, timestamp: string): SignedTreeHead => {
    const body = {
      v: LOG_LEAF_VERSION,
      logId,
      treeSize: leaves.length,
      timestamp,
      rootHash: toHex(tree.root(hashes)),
    } as const;
    const signature = sign(null, headMessage(body), signer).toString('base64');
    return { ...body, algorithm: 'ed25519', signature };
  };
  const publish = (next: readonly LogEvent[], timestamp?: string) => {
    leaves = next.map((event) => canonicalize(event)!);
    hashes = leaves.map(leafHashOf);
    const at = timestamp ?? next.at(-1)?.at ?? new Date(0).toISOString();
    const signer = misbehaviour.foreignSignature
      ? generateKeyPairSync('ed25519').privateKey
      : privateKey;
    head = signHead(signer, at);
    return head;
  };
  publish(events);

  const routes: Record<string, (query: URLSearchParams) => unknown> = {
    key: () => key,
    head: () => head,
    entries: (query) => {
      const { start, end } = logEntriesQuerySchema.parse(Object.fromEntries(query));
      const last = Math.min(end, start + LOG_ENTRIES_PAGE.max - 1, leaves.length - 1);
      const entries = [];
      for (let leafIndex = start; leafIndex <= last; leafIndex += 1) {
        const data = misbehaviour.servedData?.get(leafIndex) ?? leaves[leafIndex]!;
        entries.push({ leafIndex, data });
      }
      return { entries };
    },
    'proof/inclusion': (query) => {
      const { leafIndex, treeSize } = inclusionProofQuerySchema.parse(Object.fromEntries(query));
      const path = tree.inclusionProof(hashes.slice(0, treeSize), leafIndex);
      return { leafIndex, treeSize, inclusionPath: path.map(toHex) };
    },
    'proof/consistency': (query) => {
      const { first, second } = consistencyProofQuerySchema.parse(Object.fromEntries(query));
      const path = tree.consistencyProof(hashes.slice(0, second), first);
      return { first, second, consistencyPath: path.map(toHex) };
    },
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://log');
    const route = routes[url.pathname.replace(/^\/api\/public\/log\//, '')];
    if (!route) return sendJson(response, 404, { title: 'Not found' });
    try {
      sendJson(response, 200, route(url.searchParams));
    } catch {
      sendJson(response, 400, { title: 'Bad request' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    head: () => head,
    publish,
    misbehave: (next) => {
      misbehaviour = next;
      publish(
        leaves.map((leaf) => JSON.parse(leaf) as LogEvent),
        head.timestamp,
      );
    },
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
