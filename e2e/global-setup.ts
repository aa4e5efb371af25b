import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What the page is built from: a change in any of these makes dist/ stale. */
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * Builds the client when dist/ is missing or older than any source of the page,
 * so a spec run after a client edit never tests yesterday's build.
 */
export default function globalSetup() {
  const built = join(root, 'dist/client/index.html');
  const sources = Math.max(
    ...SOURCES.map((s) => join(root, s))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log(existsSync(built) ? 'dist/ is older than the sources: rebuilding…' : 'no build yet: building…');
  execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
}
