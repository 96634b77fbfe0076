import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleTree, splitPoint } from './merkle.ts';

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
const tree = merkleTree(sha256);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

// RFC 6962's reference leaves and tree heads, as published with Certificate Transparency's test
// data (the same hashing as RFC 9162 with SHA-256): the root of the first n leaves, n = 0…8.
const ENTRIES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAVES = ENTRIES.map((entry) => tree.leafHash(entry));

const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const CONSISTENCY = [
  {
    first: 2,
    second: 8,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

describe('the Merkle tree of the transparency log (RFC 9162, 2.1)', () => {
  it.each([
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 4],
    [8, 4],
    [9, 8],
    [1000, 512],
    [2 ** 40 + 1, 2 ** 40],
  ])('splits a tree of %i after %i leaves', (n, k) => {
    expect(splitPoint(n)).toBe(k);
  });

  it.each(ROOTS.map((root, n) => [n, root] as const))(
    'gives the reference root of the first %i leaves',
    (n, root) => {
      expect(hex(tree.root(LEAVES.slice(0, n)))).toBe(root);
    },
  );

  it.each(INCLUSION)('gives and accepts the reference audit path of leaf $index of $size', (v) => {
    expect(tree.inclusionProof(LEAVES.slice(0, v.size), v.index).map(hex)).toEqual(v.proof);
    const root = unhex(ROOTS[v.size]!);
    expect(tree.verifyInclusion(LEAVES[v.index]!, v.index, v.size, v.proof.map(unhex), root)).toBe(
      true,
    );
  });

  it.each(CONSISTENCY)('gives and accepts the reference proof from $first to $second', (v) => {
    expect(tree.consistencyProof(LEAVES.slice(0, v.second), v.first).map(hex)).toEqual(v.proof);
    const [first, second] = [unhex(ROOTS[v.first]!), unhex(ROOTS[v.second]!)];
    expect(tree.verifyConsistency(v.first, v.second, first, second, v.proof.map(unhex))).toBe(true);
  });

  // Every shape of the recursion, and every way a proof can be wrong.
  const many = Array.from({ length: 40 }, (_, i) => tree.leafHash(Uint8Array.of(i, i * 7)));
  const roots = Array.from({ length: many.length + 1 }, (_, n) => tree.root(many.slice(0, n)));

  it('accepts every audit path in trees of 1…40 and refuses any changed one', () => {
    for (let n = 1; n <= many.length; n += 1) {
      const leaves = many.slice(0, n);
      for (let i = 0; i < n; i += 1) {
        const proof = tree.inclusionProof(leaves, i);
        const check = (leaf: Uint8Array, index: number, size: number, p: Uint8Array[]) =>
          tree.verifyInclusion(leaf, index, size, p, roots[n]!);
        expect(check(leaves[i]!, i, n, proof)).toBe(true);
        if (n > 1) expect(check(leaves[(i + 1) % n]!, i, n, proof)).toBe(false);
        expect(check(leaves[i]!, n, n, proof)).toBe(false);
        expect(check(leaves[i]!, i, n, [...proof, roots[1]!])).toBe(false);
        if (proof.length > 0) {
          expect(check(leaves[i]!, i, n, proof.slice(1))).toBe(false);
          const flipped = proof.map((p) => p.slice());
          flipped[0]![0]! ^= 1;
          expect(check(leaves[i]!, i, n, flipped)).toBe(false);
        }
        if (i > 0) expect(check(leaves[i]!, i - 1, n, proof)).toBe(false);
      }
    }
  });

  it('accepts every consistency proof between trees of 0…40 and refuses any changed one', () => {
    for (let second = 0; second <= many.length; second += 1) {
      for (let first = 0; first <= second; first += 1) {
        const proof = tree.consistencyProof(many.slice(0, second), first);
        const check = (a: Uint8Array, b: Uint8Array, p: Uint8Array[]) =>
          tree.verifyConsistency(first, second, a, b, p);
        expect(check(roots[first]!, roots[second]!, proof)).toBe(true);
        if (first === second) continue;
        // The empty tree is a prefix of every tree; past it, a head that is not the tree's: a fork.
        if (first === 0) continue;
        expect(check(roots[first - 1]!, roots[second]!, proof)).toBe(false);
        expect(check(roots[first]!, roots[second - 1]!, proof)).toBe(false);
        expect(check(roots[first]!, roots[second]!, [...proof, roots[1]!])).toBe(false);
        if (proof.length > 0) {
          expect(check(roots[first]!, roots[second]!, proof.slice(1))).toBe(false);
          const flipped = proof.map((p) => p.slice());
          flipped[flipped.length - 1]![5]! ^= 0x80;
          expect(check(roots[first]!, roots[second]!, flipped)).toBe(false);
        }
      }
    }
  });

  it('refuses sizes that cannot be, and hashes of the wrong length', () => {
    const proof = tree.inclusionProof(LEAVES, 5);
    const root = unhex(ROOTS[8]!);
    expect(tree.verifyInclusion(LEAVES[5]!, 5, 8, proof, root.slice(1))).toBe(false);
    expect(tree.verifyInclusion(LEAVES[5]!, -1, 8, proof, root)).toBe(false);
    expect(tree.verifyInclusion(LEAVES[5]!, 5.5, 8, proof, root)).toBe(false);
    expect(tree.verifyConsistency(8, 6, root, unhex(ROOTS[6]!), [])).toBe(false);
    expect(() => tree.inclusionProof(LEAVES, 8)).toThrow(RangeError);
    expect(() => tree.consistencyProof(LEAVES, 9)).toThrow(RangeError);
  });
});
