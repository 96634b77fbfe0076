import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'domain/src/**/*.test.ts',
      'eds/src/**/*.test.ts',
      'contracts/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'simulate/src/**/*.test.ts',
      'verifier/src/**/*.test.ts',
    ],
    // Real server processes killed and restarted: `npm run test:faults` (vitest.faults.config.ts).
    exclude: ['server/src/faults/**', '**/node_modules/**'],
    // A worker keeps its modules from one file to the next: importing the server's module graph
    // again for each file took about 40 % of the run's CPU. Every file opens and closes its own
    // database and app, so nothing a test sees is carried over.
    isolate: false,
    // The databases each test file starts from, made once (server/src/testing/templates.ts).
    globalSetup: ['server/src/testing/global-setup.ts'],
    // Vitest's default leaves one core to itself: one worker on a two-core machine. The tests spend
    // much of their time waiting on PGlite's or PostgreSQL's work, and two workers there finished
    // the PGlite run in 224 s instead of 420 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
