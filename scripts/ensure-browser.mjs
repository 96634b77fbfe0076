// `npm test` needs Debian's Chromium and the DejaVu fonts (the PDFs and the screenshots use them).
// Before any test runs: when they are missing, install them from Debian's packages if this is
// root on a machine with apt-get (as .ci/run does), and otherwise stop with the one command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/**
 * What to do, from what the machine has: `ready`, `install` (root with apt-get), or `stop` with
 * the command the user must run.
 */
export function browserSetup({ chromium, font, root, aptGet, chromiumPath }) {
  const missing = [...(chromium ? [] : ['chromium']), ...(font ? [] : ['fonts-dejavu-core'])];
  if (missing.length === 0) return { action: 'ready' };
  const command = `sudo apt-get install -y ${missing.join(' ')}`;
  if (!chromium && chromiumPath !== '/usr/bin/chromium') {
    return {
      action: 'stop',
      message: `Chromium not found at CHROMIUM_PATH=${chromiumPath}: point it at a Chromium binary.`,
    };
  }
  if (root && aptGet) return { action: 'install', packages: missing };
  return {
    action: 'stop',
    message: aptGet
      ? `The browser tests need ${missing.join(' and ')}. Run:\n  ${command}\nthen npm test again.`
      : `The browser tests need Chromium and the DejaVu fonts (${missing.join(', ')}); install them, or set CHROMIUM_PATH.`,
  };
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

export function ensureBrowser() {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const setup = browserSetup({
    chromium: existsSync(chromiumPath),
    font: existsSync(FONT),
    root: process.getuid?.() === 0,
    aptGet: onPath('apt-get'),
    chromiumPath,
  });
  if (setup.action === 'ready') return 0;
  if (setup.action === 'stop') {
    console.error(`kezek: ${setup.message}`);
    return 1;
  }
  console.log(`kezek: installing ${setup.packages.join(' and ')} from Debian's packages…`);
  if (
    !run('apt-get', ['update', '-qq']) ||
    !run('apt-get', ['install', '-y', '-qq', ...setup.packages])
  ) {
    console.error(
      `kezek: the installation failed; run: apt-get install -y ${setup.packages.join(' ')}`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(ensureBrowser());
