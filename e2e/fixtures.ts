import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface AlloServer {
  /** http://127.0.0.1:<port> — the page and its WebSocket are same-origin. */
  url: string;
  port: number;
  /** Class mode (`--class` in serverArgs): the teacher's secret, from the teacher link the server printed. */
  teacherSecret?: string;
}

/**
 * `test` with an Allô server per worker: the real server/main.ts in its own
 * process on a free port, serving the built client (dist/client). Specs use
 * `page.goto('/')`; `alloServer.port` is there for real peers that must avoid it.
 */
export const test = base.extend<object, { alloServer: AlloServer; serverArgs: string[] }>({
  /** Extra flags for the worker's server, e.g. `test.use({ serverArgs: ['--limit', 'maxEventsPerSession=20'] })`. */
  serverArgs: [[], { scope: 'worker', option: true }],
  alloServer: [
    async ({ serverArgs }, use) => {
      // Packet capture off unless a spec asks for it (`--capture on`): other specs count exactly the rows they make.
      const capture = serverArgs.includes('--capture') ? [] : ['--capture', 'off'];
      const args = [
        '--import',
        'tsx',
        'server/main.ts',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        ...capture,
        ...serverArgs,
      ];
      const child = spawn(process.execPath, args, {
        cwd: repoRoot,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      // In class mode the teacher link comes after the address: wait for both.
      const inClass = serverArgs.includes('--class');
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${output}`)), 20_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const m = /http:\/\/[^\s:]+:(\d+)/.exec(output);
          if (m && (!inClass || /[?&]teacher=[\w-]+/.test(output))) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
      });
      const teacherSecret = /[?&]teacher=([\w-]+)/.exec(output)?.[1];
      await use({ url: `http://127.0.0.1:${port}`, port, ...(teacherSecret ? { teacherSecret } : {}) });
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ alloServer }, use) => use(alloServer.url),
});

export { expect };
