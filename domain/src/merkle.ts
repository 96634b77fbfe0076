/**
 * The Merkle tree of a transparency log in the shape of Certificate Transparency (RFC 9162,
 * section 2.1; issue 18): the tree head of n entries, the audit path that proves an entry is in
 * it, the consistency proof that a larger tree extends a smaller one, and the checks of both as
 * any verifier runs them. The hash is given (SHA-256 in the server and the verifier): domain/
 * does no hashing of its own.
 *
 * Tree sizes and indexes are numbers below 2^53; the bit steps of the RFC's algorithms are written
 * as arithmetic, since JavaScript's bit operators work on 32 bits.
 */
export type HashFunction = (bytes: Uint8Array) => Uint8Array;

export interface MerkleTree {
  /** HASH(0x00 || entry): a leaf. */
  leafHash(entry: Uint8Array): Uint8Array;
  /** HASH(0x01 || left || right): an interior node. */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** MTH of the leaves (their leaf hashes given); HASH() of none. */
  root(leaves: readonly Uint8Array[]): Uint8Array;
  /** PATH(index, leaves): the audit path of one leaf. */
  inclusionProof(leaves: readonly Uint8Array[], index: number): Uint8Array[];
  /** PROOF(first, leaves): that the tree of the first `first` leaves is a prefix of this one. */
  consistencyProof(leaves: readonly Uint8Array[], first: number): Uint8Array[];
  /**
   * Whether the path leads from the leaf at `index` to `root` in a tree of `treeSize`. The size
   * must be the signed tree head's: the path of a leaf can fit more than one tree size's shape.
   */
  verifyInclusion(
    leaf: Uint8Array,
    index: number,
    treeSize: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
  ): boolean;
  /** Whether the tree of `secondRoot` extends the tree of `firstRoot`: false is a fork. */
  verifyConsistency(
    firstSize: number,
    secondSize: number,
    firstRoot: Uint8Array,
    secondRoot: Uint8Array,
    proof: readonly Uint8Array[],
  ): boolean;
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
const isPowerOfTwo = (n: number) => n > 0 && splitPoint(n * 2) === n;

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * The walk up the tree that both of RFC 9162's checks make along a proof: from the node numbered
 * `fn` of a last node `sn`, each element joins on the left or on the right; true when the proof
 * ends at the root, false when it is too long or too short.
 */
function walkUp(
  fn: number,
  sn: number,
  proof: readonly Uint8Array[],
  join: (element: Uint8Array, onLeft: boolean) => void,
): boolean {
  for (const element of proof) {
    if (sn === 0) return false;
    const onLeft = isOdd(fn) || fn === sn;
    join(element, onLeft);
    if (onLeft) {
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0;
}

export function merkleTree(hash: HashFunction): MerkleTree {
  const digestLength = hash(new Uint8Array()).length;
  const leafHash = (entry: Uint8Array) => hash(concat(Uint8Array.of(0), entry));
  const nodeHash = (left: Uint8Array, right: Uint8Array) =>
    hash(concat(Uint8Array.of(1), left, right));

  const root = (leaves: readonly Uint8Array[]): Uint8Array => {
    if (leaves.length === 0) return hash(new Uint8Array());
    if (leaves.length === 1) return leaves[0]!;
    const k = splitPoint(leaves.length);
    return nodeHash(root(leaves.slice(0, k)), root(leaves.slice(k)));
  };

  const path = (index: number, leaves: readonly Uint8Array[]): Uint8Array[] => {
    if (leaves.length <= 1) return [];
    const k = splitPoint(leaves.length);
    return index < k
      ? [...path(index, leaves.slice(0, k)), root(leaves.slice(k))]
      : [...path(index - k, leaves.slice(k)), root(leaves.slice(0, k))];
  };

  const subproof = (m: number, leaves: readonly Uint8Array[], whole: boolean): Uint8Array[] => {
    if (m === leaves.length) return whole ? [] : [root(leaves)];
    const k = splitPoint(leaves.length);
    return m <= k
      ? [...subproof(m, leaves.slice(0, k), whole), root(leaves.slice(k))]
      : [...subproof(m - k, leaves.slice(k), false), root(leaves.slice(0, k))];
  };

  const wellFormed = (proof: readonly Uint8Array[], ...hashes: Uint8Array[]) =>
    [...proof, ...hashes].every((h) => h.length === digestLength);

  return {
    leafHash,
    nodeHash,
    root,
    inclusionProof(leaves, index) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length)
        throw new RangeError(`no leaf ${index} in a tree of ${leaves.length}`);
      return path(index, leaves);
    },
    consistencyProof(leaves, first) {
      if (!isSize(first) || first > leaves.length)
        throw new RangeError(`a tree of ${first} is not a prefix of a tree of ${leaves.length}`);
      return first === 0 ? [] : subproof(first, leaves, true);
    },
    // RFC 9162, 2.1.3.2.
    verifyInclusion(leaf, index, treeSize, proof, expectedRoot) {
      if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
      if (!wellFormed(proof, leaf, expectedRoot)) return false;
      let r = leaf;
      const reached = walkUp(index, treeSize - 1, proof, (p, onLeft) => {
        r = onLeft ? nodeHash(p, r) : nodeHash(r, p);
      });
      return reached && equal(r, expectedRoot);
    },
    // RFC 9162, 2.1.4.2; a tree of 0 is a prefix of every tree (its root the hash of nothing).
    verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, proof) {
      if (!isSize(firstSize) || !isSize(secondSize) || firstSize > secondSize) return false;
      if (!wellFormed(proof, firstRoot, secondRoot)) return false;
      if (firstSize === secondSize) return proof.length === 0 && equal(firstRoot, secondRoot);
      if (firstSize === 0) return proof.length === 0 && equal(firstRoot, root([]));
      if (proof.length === 0) return false;
      const path = isPowerOfTwo(firstSize) ? [firstRoot, ...proof] : [...proof];
      let fn = firstSize - 1;
      let sn = secondSize - 1;
      while (isOdd(fn)) {
        fn = half(fn);
        sn = half(sn);
      }
      let fr = path[0]!;
      let sr = path[0]!;
      const reached = walkUp(fn, sn, path.slice(1), (c, onLeft) => {
        if (onLeft) fr = nodeHash(c, fr);
        sr = onLeft ? nodeHash(c, sr) : nodeHash(sr, c);
      });
      return reached && equal(fr, firstRoot) && equal(sr, secondRoot);
    },
  };
}
