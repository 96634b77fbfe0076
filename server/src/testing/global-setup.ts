import type { TestProject } from 'vitest/node';
import { makeTestTemplates, type TestTemplates } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kezekTestTemplates: TestTemplates;
  }
}

/** Once per test run: the databases test files start from (testing/templates.ts), removed after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { templates, remove } = await makeTestTemplates(process.env.DATABASE_URL);
  project.provide('kezekTestTemplates', templates);
  return remove;
}
