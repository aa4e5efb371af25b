/** `node --import tsx server/main.ts` as the README and Playwright run it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeTerminal } from './testing/qrDecode';
import { rawRequest } from './testing/rawHttp';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The server as the README starts it, on a free loopback port. */
const MAIN = ['--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1'];

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

  it('--allowed-host and --log-level: an allowed name is served, another gets 403 and a log line on stdout', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1', '--allowed-host', 'allo.lan'],
      { cwd: root, env: { ...process.env, ALLO_LOG_LEVEL: 'warn' } },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /Allô is listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('close', () => reject(new Error(`exited before listening: ${out}`)));
      });
      const get = (host: string) => rawRequest({ port, path: '/healthz', headers: { Host: host } });
      expect((await get(`allo.lan:${port}`)).status).toBe(200);
      const refused = await get('evil.example:3000');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatch(/--allowed-host evil\.example/);
      await new Promise<void>((resolve) => {
        const look = () => /"event":"refused"/.test(out) && resolve();
        look();
        child.stdout.on('data', look);
      });
      const line = out.split('\n').find((l) => l.includes('"event":"refused"'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 40, rule: 'host', host: 'evil.example:3000' });
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  });

  it("--class prints the students' address, a QR code of it that reads back, and the teacher link", async () => {
    const child = spawn(process.execPath, [...MAIN, '--class', '--class-address', '127.0.0.2'], {
      cwd: root,
      env: { ...process.env, ALLO_LOG_LEVEL: 'warn' },
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          // The QR code is followed by the address it holds, in words, on its own line.
          if (/Teacher link[^\n]*\n[\s\S]*\nhttp:\/\/127\.0\.0\.2:\d+\/\n/.test(out)) resolve();
        });
        child.on('close', () => reject(new Error(`exited before printing the class: ${out}`)));
      });
      const student = /Students open: (http:\/\/127\.0\.0\.2:\d+\/)/.exec(out)?.[1];
      expect(student).toBeDefined();
      expect(out).toMatch(/Teacher link \(keep it to yourself\): http:\/\/127\.0\.0\.1:\d+\/\?teacher=\S+/);
      const qr = out.slice(out.indexOf('Teacher link'));
      expect(decodeTerminal(qr)).toBe(student);
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
