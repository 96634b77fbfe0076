import type { QueueClass } from '@kezek/domain';

/** A deterministic sequence in [0, 1) (a linear congruential generator): a test's queue repeats. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** A queue class in a real queue's shares: a tenth out of turn, a quarter first priority. */
export function randomQueueClass(random: () => number): QueueClass {
  const roll = random();
  return roll < 0.1 ? 'out_of_turn' : roll < 0.35 ? 'first_priority' : 'general';
}
