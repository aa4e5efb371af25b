#!/usr/bin/env node
// Finds what the tests need beyond npm: Debian's Chromium for the end-to-end tests, installs it when it can
// (root + apt-get), or stops with a message that says how. Never downloads a
// browser of its own: Playwright is pointed at this binary (executablePath).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);

export function findChromium() {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function canInstall() {
  return process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (!canInstall()) {
    console.error(
      [
        'Chromium was not found, and this user cannot install it.',
        "Install Debian's Chromium, then run the tests again:",
        '  sudo apt-get update && sudo apt-get install -y chromium',
        'or point CHROMIUM_PATH at a Chromium binary.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log("Chromium not found: installing Debian's chromium with apt-get…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  const installed = findChromium();
  if (!installed) {
    console.error('apt-get finished but no chromium binary is at /usr/bin/chromium.');
    process.exit(1);
  }
  return installed;
}

/**
 * The real peers and compilers the tests run: python3 and curl talk to session
 * sockets; gcc, python3, node and java run the generated programs; nft, ss and
 * unshare make the compare lanes' real lossy link. Missing ones
 * are installed from Debian when possible, or named with the command that would.
 * tcpdump is the packet capture of the wire tests (server/capture, docs/wire.md).
 */
export const TOOLS = {
  python3: 'python3',
  gcc: 'gcc',
  curl: 'curl',
  java: 'default-jdk-headless',
  // The compare lanes' real link: a namespace's loopback degraded by nftables, read back with ss (docs/compare.md);
  // the injection test runs programs in a loopback-only namespace too (unshare -n), and compiles with javac.
  nft: 'nftables',
  ss: 'iproute2',
  unshare: 'util-linux',
  pgrep: 'procps',
  javac: 'default-jdk-headless',
  // The wire: one capture of loopback (docs/wire.md).
  tcpdump: 'tcpdump',
};

export function ensureTools() {
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  const missing = Object.keys(TOOLS).filter((cmd) => !has(cmd));
  if (!missing.length) return;
  const packages = missing.map((cmd) => TOOLS[cmd]);
  if (!canInstall()) {
    console.error(
      `The tests need ${missing.join(', ')}. Install them, then run the tests again:\n  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  console.log(`Installing what the tests need: ${packages.join(' ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Chromium: ${ensureChromium()}`);
}
