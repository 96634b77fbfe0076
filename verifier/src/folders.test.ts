import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The verifier is what anyone runs with no database (issue 18 item 5): it may import the domain,
 * the contracts and small libraries, never the server.
 */
describe('verifier/', () => {
  it('imports nothing from the server', () => {
    const root = import.meta.dirname;
    const imports = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(path.join(root, file), 'utf8').matchAll(/from '([^']+)'/g)].map(
          ([, specifier]) => ({ file, specifier: specifier! }),
        ),
      );
    expect(imports.length).toBeGreaterThan(0);
    const outside = imports.filter(
      ({ file, specifier }) =>
        specifier.startsWith('@kezek/server') ||
        (specifier.startsWith('.') &&
          !path.resolve(root, path.dirname(file), specifier).startsWith(root)),
    );
    expect(outside).toEqual([]);
  });
});
