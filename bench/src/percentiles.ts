import { performance } from 'node:perf_hooks';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Times `samples` calls of `call`, one at a time, after `warmUp` untimed ones: the p50 and p99
 * of one request, in ms. `next` makes each call's argument.
 */
export async function sequentialLatencies<T>(
  next: () => T,
  call: (request: T) => Promise<void>,
  samples: number,
  warmUp: number,
): Promise<{ p50Ms: number; p99Ms: number }> {
  for (let i = 0; i < warmUp; i += 1) await call(next());
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const request = next();
    const start = performance.now();
    await call(request);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}
