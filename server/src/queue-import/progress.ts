import type { QueueImportProgress } from '@kezek/contracts';

/** A phase's progress: rows done of the total, the rate since it began and the time left. */
export function progressOf(
  phase: QueueImportProgress['phase'],
  done: number,
  total: number,
  began: { at: number; done: number },
  now: number,
): QueueImportProgress {
  const seconds = (now - began.at) / 1000;
  const rate = seconds >= 0.5 && done > began.done ? (done - began.done) / seconds : null;
  return {
    phase,
    done,
    total,
    ratePerSecond: rate === null ? null : Math.round(rate),
    secondsLeft: rate === null ? null : Math.ceil(Math.max(0, total - done) / rate),
  };
}
