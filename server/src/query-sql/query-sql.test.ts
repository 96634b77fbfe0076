import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlOf } from './compile.ts';
import { generatedSqlFiles, SERVER_SOURCE } from './files.ts';

describe('the committed SQL of the queries', () => {
  it('is what the queries compile to now (else run npm run sql:generate)', async () => {
    for (const [file, text] of await generatedSqlFiles()) {
      const committed = await readFile(path.join(SERVER_SOURCE, file), 'utf8').catch(() => '');
      expect(committed, `server/src/${file} is stale: npm run sql:generate`).toBe(text);
    }
  });

  it('shows every statement a function sends, up to a row the empty database cannot give', async () => {
    const sent = await sqlOf({
      name: 'twoSteps',
      run: async (db) => {
        await db.selectFrom('kindergartens').select('id').execute();
        await db.selectFrom('districts').select('id').executeTakeFirstOrThrow();
        await db.selectFrom('regions').select('id').execute();
      },
    });
    expect(sent).toEqual([
      'select\n  "id"\nfrom\n  "kindergartens"',
      'select\n  "id"\nfrom\n  "districts"',
    ]);
  });
});
