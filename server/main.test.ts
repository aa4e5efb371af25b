/** `node --import tsx server/main.ts` as the README and Playwright run it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('server/main.ts', () => {
  it('prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1'], {
      cwd: root,
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Allô is listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('close', () => reject(new Error(`exited before listening: ${out}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true });
      const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });

  it('--help prints the usage and exits with 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--help'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: /);
    expect(out).toMatch(/--allow LIST/);
  });

  it('explains a bad flag and exits with 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', 'abc'], { cwd: root });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--port: "abc" is not a port/);
    expect(err).toMatch(/Usage/);
  });
});
