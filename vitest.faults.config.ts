import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: real server processes killed with SIGKILL, two instances on one database (PostgreSQL). */
export default defineConfig({
  test: {
    include: ['server/src/faults/**/*.test.ts'],
    // The files start servers on fixed ports and load the machine: one at a time.
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
