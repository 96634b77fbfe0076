import type { LogKey, SignedTreeHead } from '@kezek/contracts';
import type { Leaf, Violation } from '../replay/model.ts';
import { CouldNotCheck, type LogClient } from './client.ts';
import { ed25519HeadVerifies, fromHex, keyFingerprint, leafHashOf, toHex, tree } from './crypto.ts';
import { parseLeaves } from './leaves.ts';
import type { SavedState } from './state.ts';

export interface AuditOptions {
  /** The key's SHA-256 fingerprint published by the operator, to pin it. */
  keyFingerprint?: string;
  skipSignature: boolean;
  /** Check the inclusion proof of every leaf, not a sample. */
  allProofs: boolean;
  /** How many random leaves besides the first and the last get their proof checked. */
  sample: number;
  /** A random integer in [0, n): the sample's (injected so tests can fix it). */
  randomInt: (n: number) => number;
}

export interface Audit {
  key: LogKey;
  head: SignedTreeHead;
  leaves: Leaf[];
  violations: Violation[];
  headsChecked: number;
  proofsChecked: number;
}

const logViolation = (message: string): Violation => ({
  leafIndex: null,
  type: null,
  pseudonym: null,
  message,
});

const describeHead = (head: SignedTreeHead) =>
  `head ${head.treeSize} of ${head.timestamp} (root ${head.rootHash.slice(0, 12)}…)`;

/** The key: it matches its fingerprint, the pinned one, and the one seen before. */
function checkKey(key: LogKey, options: AuditOptions, saved: SavedState | null): Violation[] {
  const found: Violation[] = [];
  let fingerprint: string;
  try {
    fingerprint = keyFingerprint(key);
  } catch {
    return [logViolation(`The log's key is not a readable ${key.algorithm} key.`)];
  }
  if (fingerprint !== key.fingerprintSha256)
    found.push(logViolation(`The log's key does not have the fingerprint it is served with.`));
  if (options.keyFingerprint && options.keyFingerprint.toLowerCase() !== fingerprint)
    found.push(logViolation(`The log's key ${fingerprint} is not the pinned one.`));
  if (saved && saved.keyFingerprint !== fingerprint)
    found.push(logViolation(`The log's key changed since the last run (${saved.keyFingerprint}).`));
  return found;
}

/** The head's signature (Ed25519 over the canonical JSON of its body). */
function checkSignature(head: SignedTreeHead, key: LogKey, options: AuditOptions): Violation[] {
  if (head.logId !== key.logId)
    return [logViolation(`The head is of log ${head.logId}, the key of log ${key.logId}.`)];
  if (head.algorithm !== key.algorithm)
    return [
      logViolation(`The head is signed with ${head.algorithm}, the key is ${key.algorithm}.`),
    ];
  if (options.skipSignature) return [];
  if (head.algorithm === 'eds-cms')
    throw new CouldNotCheck(
      'The head is signed with an EDS (eds-cms), which this verifier cannot check yet; run with --skip-signature to check the rest.',
    );
  return ed25519HeadVerifies(head, key)
    ? []
    : [logViolation(`The signature of ${describeHead(head)} does not verify with the log's key.`)];
}

/** The leaves whose inclusion proof is checked: the first, the last, a random few (or all). */
function sampleOf(size: number, options: AuditOptions): number[] {
  if (size === 0) return [];
  if (options.allProofs) return Array.from({ length: size }, (_, i) => i);
  const picked = new Set([0, size - 1]);
  for (let i = 0; i < options.sample; i += 1) picked.add(options.randomInt(size));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Reads and checks a log (docs/verifier.md, "What it checks"): the key, the head's signature,
 * every entry against the signed root, the server's inclusion proofs of a sample, and the
 * consistency of the head with every head seen before (a fork names both heads).
 */
export async function auditLog(
  client: LogClient,
  options: AuditOptions,
  readSaved: (logId: string) => Promise<SavedState | null>,
): Promise<Audit & { saved: SavedState | null }> {
  const key = await client.key();
  const saved = await readSaved(key.logId);
  const head = await client.head();
  const violations = [...checkKey(key, options, saved), ...checkSignature(head, key, options)];
  const entries = await client.entries(head.treeSize);
  const parsed = parseLeaves(entries);
  violations.push(...parsed.violations);
  const hashes = entries.map((entry) => leafHashOf(entry.data));
  const root = fromHex(head.rootHash);
  const rootMatches = toHex(tree.root(hashes)) === head.rootHash;

  // A root that does not match: every leaf's proof is checked, to name the leaves that differ.
  const proved = rootMatches
    ? sampleOf(head.treeSize, options)
    : sampleOf(head.treeSize, { ...options, allProofs: true });
  const eventOf = new Map(parsed.leaves.map((leaf) => [leaf.leafIndex, leaf.event]));
  let unproved = 0;
  for (const leafIndex of proved) {
    const proof = await client.inclusion(leafIndex, head.treeSize);
    const path = proof.inclusionPath.map(fromHex);
    if (tree.verifyInclusion(hashes[leafIndex]!, leafIndex, head.treeSize, path, root)) continue;
    unproved += 1;
    const event = eventOf.get(leafIndex);
    violations.push({
      leafIndex,
      type: event?.type ?? null,
      pseudonym: event && 'pseudonym' in event ? event.pseudonym : null,
      message: `The leaf's bytes are not those ${describeHead(head)} signed: its inclusion proof fails.`,
    });
  }
  if (!rootMatches && unproved === 0)
    violations.push(logViolation(`The entries do not hash to the root of ${describeHead(head)}.`));

  const earlier = saved?.heads ?? [];
  for (const before of earlier) {
    violations.push(...(await checkConsistency(client, before, head, hashes)));
  }
  return {
    key,
    head,
    leaves: parsed.leaves,
    violations,
    headsChecked: earlier.length + 1,
    proofsChecked: proved.length + earlier.filter((b) => b.treeSize < head.treeSize).length,
    saved,
  };
}

/**
 * Whether `head` extends `before` (RFC 9162 2.1.4): the first leaves of the entries hash to the
 * earlier root, and the server's consistency proof verifies. Anything else is a fork.
 */
async function checkConsistency(
  client: LogClient,
  before: SignedTreeHead,
  head: SignedTreeHead,
  hashes: readonly Uint8Array[],
): Promise<Violation[]> {
  const fork = (why: string) =>
    logViolation(
      `The log forked: ${describeHead(before)}, seen before, and ${describeHead(head)} ${why}.`,
    );
  if (before.treeSize > head.treeSize) return [fork('are not consistent: the tree shrank')];
  if (before.treeSize === head.treeSize)
    return before.rootHash === head.rootHash ? [] : [fork('have the same size and other roots')];
  const found: Violation[] = [];
  if (toHex(tree.root(hashes.slice(0, before.treeSize))) !== before.rootHash)
    found.push(
      fork(`are not consistent: the entries' first ${before.treeSize} leaves hash to another root`),
    );
  if (before.treeSize === 0) return found;
  const proof = await client.consistency(before.treeSize, head.treeSize);
  const consistent = tree.verifyConsistency(
    before.treeSize,
    head.treeSize,
    fromHex(before.rootHash),
    fromHex(head.rootHash),
    proof.consistencyPath.map(fromHex),
  );
  if (!consistent) found.push(fork("are not consistent: the server's consistency proof fails"));
  return found;
}
