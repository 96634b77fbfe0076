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
    ],
    // Real server processes killed and restarted: `npm run test:faults` (vitest.faults.config.ts).
    exclude: ['server/src/faults/**', '**/node_modules/**'],
    // The databases each test file starts from, made once (server/src/testing/templates.ts).
    globalSetup: ['server/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
