import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Dockerfile is built by CI only where Docker runs (.ci/run): these checks keep it in step
// with the repository everywhere else.
const root = fileURLToPath(new URL('..', import.meta.url));
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const [manifests, build, dependencies, runtime] = stages as [string, string, string, string];
const workspaces: string[] = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
).workspaces;

/** The @kezek/* packages the server's own code (no test, no test helper) imports. */
function serverImports(dir = path.join(root, 'server/src')): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['testing', 'faults'].includes(entry.name))
        for (const name of serverImports(full)) found.add(name);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      for (const match of readFileSync(full, 'utf8').matchAll(/from '@kezek\/([\w-]+)'/g))
        found.add(match[1]!);
    }
  }
  return found;
}

describe('the Dockerfile', () => {
  it('has a manifests, a build, a dependencies and a runtime stage', () => {
    expect(stages).toHaveLength(4);
    expect(build).toMatch(/^manifests AS build$/m);
    expect(dependencies).toMatch(/^manifests AS dependencies$/m);
    expect(build).toMatch(/npm run build -w web/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/api\/health\/live/ms);
    expect(runtime).toMatch(/COPY --from=build \/app\/web\/dist web\/dist/);
  });

  it('gives npm every workspace’s manifest, as the lock file lists them', () => {
    for (const workspace of workspaces)
      expect(manifests).toContain(`COPY ${workspace}/package.json ${workspace}/`);
  });

  it('installs and copies every workspace the server imports', () => {
    const installed = [...dependencies.matchAll(/--workspace=([\w-]+)/g)].map((m) => m[1]);
    for (const name of [...serverImports(), 'server']) {
      expect(installed, name).toContain(name);
      expect(runtime, name).toContain(`COPY ${name}/src ${name}/src`);
    }
  });
});
