/** mulberry32 (as bench/src/random.ts): a small seeded generator, so a seed makes the same city. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A draw in [0, 1) fixed by the seed and the integers named: the same parent meets the same event
 * with the same luck under every policy (common random numbers), so the policies' differences are
 * the policies', not the dice's.
 */
export function drawFor(seed: number, ...keys: number[]): number {
  let h = seed >>> 0;
  for (const key of keys) {
    h = Math.imul(h ^ (key >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
  }
  return seededRandom(h)();
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function integerBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** An index drawn with the given weights. */
export function weightedIndex(random: () => number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let roll = random() * total;
  for (let i = 0; i < weights.length; i += 1) {
    roll -= weights[i]!;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}
