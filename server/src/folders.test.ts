import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCES = ['server/src', 'web/src'].map((dir) =>
  path.resolve(import.meta.dirname, '../..', dir),
);

/** The top folder of a file under `root`, or null for a file at its top. */
function folderOf(root: string, file: string): string | null {
  const [first, ...rest] = path.relative(root, file).split(path.sep);
  return rest.length > 0 && first && !first.startsWith('..') ? first : null;
}

/**
 * Which top folder imports which, from every source file but tests and routes: a route is the
 * HTTP layer's leaf (it may use any capability and the HTTP layer alike).
 */
function folderImports(root: string): Map<string, Set<string>> {
  const imports = new Map<string, Set<string>>();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$|(^|\/)routes\.ts$/.test(file))
    .map((file) => path.join(root, file));
  for (const file of files) {
    const from = folderOf(root, file);
    if (!from) continue;
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const to = folderOf(root, path.resolve(path.dirname(file), specifier!));
      if (!to || to === from) continue;
      if (!imports.has(from)) imports.set(from, new Set());
      imports.get(from)!.add(to);
    }
  }
  return imports;
}

describe('the source folders', () => {
  it.each(SOURCES)('of %s never import each other both ways', (root) => {
    const imports = folderImports(root);
    const bothWays = [...imports].flatMap(([from, targets]) =>
      [...targets]
        .filter((to) => from < to && imports.get(to)?.has(from))
        .map((to) => `${from} ⇄ ${to}`),
    );
    expect(bothWays).toEqual([]);
  });
});
