import { splitPoint } from '@kezek/domain';
import { tree } from './hash.ts';

/**
 * The stored tree's shape (docs/transparency.md): the hash of a range of leaves is read from the
 * perfect subtrees that make it up, never recomputed from its leaves. Every range RFC 9162's
 * recursion (domain/merkle.ts) asks for starts at a multiple of a power of two at least its
 * length, so its perfect parts — one per bit of its length, largest first — are complete subtrees
 * the log stored when their last leaf was appended.
 */

/** A perfect subtree: 2^level leaves from `start` (a multiple of 2^level). */
export interface Subtree {
  level: number;
  start: number;
}

export type Range = readonly [start: number, end: number];

/** The perfect subtrees of [start, end), largest first: the bits of its length. */
export function subtreesOf([start, end]: Range): Subtree[] {
  const parts: Subtree[] = [];
  let at = start;
  for (let level = Math.floor(Math.log2(Math.max(end - start, 1))); level >= 0; level -= 1) {
    const size = 2 ** level;
    if (end - at >= size) {
      parts.push({ level, start: at });
      at += size;
    }
  }
  return parts;
}

/** MTH of a range whose perfect parts are given, largest first: RFC 9162's right fold. */
export function foldRight(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 0) return tree.root([]);
  let hash = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i -= 1) hash = tree.nodeHash(parts[i]!, hash);
  return hash;
}

/** The ranges whose hashes make the audit path of leaf `index` in a tree of `size` (RFC 9162 2.1.3.1). */
export function inclusionRanges(index: number, size: number): Range[] {
  const ranges: Range[] = [];
  let [start, end] = [0, size];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
    }
  }
  return ranges.reverse();
}

/** The ranges whose hashes make the consistency proof from `first` to `second` (RFC 9162 2.1.4.1). */
export function consistencyRanges(first: number, second: number): Range[] {
  const ranges: Range[] = [];
  let [m, start, end, whole] = [first, 0, second, true];
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      m -= k;
      start += k;
      whole = false;
    }
  }
  if (!whole) ranges.push([start, end]);
  return ranges.reverse();
}
