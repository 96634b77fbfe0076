/**
 * The rows of a multi-row insert in slices small enough for one statement's parameters (PostgreSQL
 * takes at most 65 535): a thousand rows of a dozen columns each.
 */
export function* chunksOf<T>(rows: readonly T[], size = 1000): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}
