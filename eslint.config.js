import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', 'data', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // domain/ is pure (ARCHITECTURE.md): no imports but its own files, no I/O, no clock, no chance.
    files: ['domain/src/**/*.ts'],
    ignores: ['domain/src/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'domain/ imports only its own files.' }] },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ takes the instant as an argument.' },
        { object: 'Math', property: 'random', message: 'domain/ is deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ takes the instant as an argument.',
        },
      ],
    },
  },
  {
    // The server reads every instant from its injected clock (clock.ts): tests move it, and a
    // deadline decided by it is the one the tests saw. Tools and test processes use the machine's.
    files: ['server/src/**/*.ts'],
    ignores: [
      'server/src/clock.ts',
      'server/src/**/*.test.ts',
      'server/src/faults/**',
      'server/src/testing/**',
      'server/src/signature/test-ca/cli.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read the instant from the injected clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the instant from the injected clock.',
        },
      ],
    },
  },
  {
    // Commands take a small context ({ db, clock, user }), not the HTTP request: only routes and
    // the HTTP layer (http/: the context, the guard, limits, the signed-action gate) see it.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/**/routes.ts', 'server/src/http/**', 'server/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'fastify',
              importNames: ['FastifyRequest', 'FastifyReply'],
              message: 'Take a CommandContext (context.ts); routes build it with commandContext.',
            },
          ],
        },
      ],
    },
  },
  {
    // A promise nobody awaits loses its error, and one handed where nothing awaits it runs unseen.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
