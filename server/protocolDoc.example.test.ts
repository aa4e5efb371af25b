/**
 * The worked example of docs/protocol.md, run as written: a separate Node
 * process speaking the protocol to a real in-process server on loopback. If the
 * doc's script stops working, this fails.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlloServer, type AlloServer } from './app';

const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(new URL('../docs/protocol.md', import.meta.url), 'utf8');
const example = /^```js example\n([\s\S]*?)^```/m.exec(doc)?.[1];

let server: AlloServer;
beforeAll(async () => {
  server = await createAlloServer({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => server?.close());

/** Runs ESM code with `node -e`; from the repo root so `import 'ws'` resolves. Killed after 15 s at most. */
function runNode(
  code: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr });
    });
  });
}

describe('docs/protocol.md worked example', () => {
  it('is in the doc', () => expect(example).toBeTruthy());

  it('makes the call: Bob hears "Allô ?" and everyone hangs up', async () => {
    const result = await runNode(example!, { ALLO_URL: server.wsUrl });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Bob heard: Allô ?');
    expect(result.stdout).toContain('Call over.');
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('#'));
    const kinds = lines.map((l) => l.split(' ')[3]);
    for (const kind of [
      'created',
      'listening',
      'connecting',
      'connected',
      'accepted',
      'sent',
      'received',
      'peer-ended',
      'closed',
    ]) {
      expect(kinds).toContain(kind);
    }
    // seq counts up by one, no gaps, across frames
    const seqs = lines.map((l) => Number(l.slice(1, l.indexOf(' '))));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(lines.some((l) => / received s\d+ "Allô \?"$/.test(l))).toBe(true);
  });

  it('presents an Origin the same-origin gate accepts (the URL a teacher would use)', async () => {
    const result = await runNode(example!, { ALLO_URL: server.wsUrl.replace('127.0.0.1', 'localhost') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Call over.');
  });
});
