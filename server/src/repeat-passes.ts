/**
 * Runs `pass` now and then again after the pause that each pass returns (in ms), until stopped;
 * after a pass that threw, `onError` hears of it and the next comes `errorPauseMs` later. Passes
 * never overlap: the next one is scheduled only when the previous one has finished (a chain of
 * timeouts, not an interval), and the timers do not keep the process alive. Returns `stop()`,
 * which resolves once a pass that is under way has finished.
 */
export function repeatPasses(
  pass: () => Promise<number>,
  onError: (error: unknown) => void,
  errorPauseMs: number,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };

  function run(): void {
    timer = null;
    running = (async () => {
      let pauseMs = errorPauseMs;
      try {
        pauseMs = await pass();
      } catch (error) {
        onError(error);
      } finally {
        running = null;
        schedule(pauseMs);
      }
    })();
  }

  schedule(0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    await running;
  };
}
