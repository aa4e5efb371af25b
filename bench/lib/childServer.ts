import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { within } from './stats';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  /** http://127.0.0.1:<port> */
  url: string;
  wsUrl: string;
  child: ChildProcess;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `re` in the output, once printed (rejects after `ms`). */
  waitForOutput(re: RegExp, ms?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

/**
 * server/main.ts in its own process on a free loopback port, as it runs in
 * production (serving dist/client): figures then show the server's own event
 * loop, not one it shares with the bench's clients.
 */
export async function startChildServer(args: string[] = []): Promise<ChildServer> {
  // ALLO_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server during a bench.
  const nodeArgs = process.env.ALLO_BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1', ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const printed = new Set<() => void>();
  const port = await within(
    new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        for (const check of printed) check();
        const m = /http:\/\/[^\s:]+:(\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
    }),
    20_000,
    'server start',
  );
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    child,
    output: () => output,
    // The lines after "listening" (a class's teacher link) come in later writes: wait for them.
    waitForOutput: (re, ms = 10_000) =>
      within(
        new Promise<RegExpExecArray>((resolve) => {
          const check = () => {
            const m = re.exec(output);
            if (!m) return;
            printed.delete(check);
            resolve(m);
          };
          printed.add(check);
          check();
        }),
        ms,
        `the server's output to match ${re}`,
      ),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** A TCP echo server in its own process: a real peer, not a callback on the bench's loop. */
export async function startEchoProcess(): Promise<{ port: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import net from 'node:net';
       const s = net.createServer({ noDelay: true }, (c) => { c.on('error', () => {}); c.pipe(c); });
       s.listen(0, '127.0.0.1', () => process.send(s.address().port));
       process.on('disconnect', () => process.exit(0));`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const [port] = (await within(once(child, 'message'), 10_000, 'the echo process to listen')) as [number];
  return {
    port,
    stop: () => {
      child.disconnect();
      child.kill();
    },
  };
}
