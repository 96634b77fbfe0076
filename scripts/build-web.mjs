// Builds the web app when web/dist is missing or older than anything it is built from, so that
// `npm start` after a pull and `npm run test:e2e` after `npm run build` neither serve a stale app
// nor build it twice.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const SOURCES = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'contracts/src',
  'domain/src',
  'eds/src',
  'package-lock.json',
];

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry).map((name) => newest(path.join(entry, name))),
  );
}

export function webIsStale() {
  const built = path.join(root, 'web/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => {
    const entry = path.join(root, source);
    return existsSync(entry) && newest(entry) > builtAt;
  });
}

export function buildWebIfStale() {
  if (!webIsStale()) return 0;
  console.log('kezek: building the web app…');
  return spawnSync(npm, ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWebIfStale());
