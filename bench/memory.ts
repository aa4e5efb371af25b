/**
 * (c) Memory per idle session and per socket, measured in the server's process
 * while a separate driver process (lib/memoryDriver.ts) holds K sessions or K
 * sockets open. Figures are deltas after a full GC, divided by K: JS heap plus
 * external (Buffers) — what Allô's own objects cost — and RSS, which also counts
 * kernel-facing libuv handles and allocator slack, and is noisier.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAlloServer } from '../server/app';
import { within } from './lib/stats';

export interface MemoryFigure {
  what: string;
  count: number;
  /** bytes per unit: heapUsed + external */
  heapPer: number;
  /** bytes per unit: rss */
  rssPer: number;
}

/** `global.gc` when started with --expose-gc; otherwise switched on at run time (V8 allows it). */
function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = getGc();
function settle(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

const DRIVER = fileURLToPath(new URL('./lib/memoryDriver.ts', import.meta.url));

export async function measureMemory(
  what: string,
  mode: 'sessions' | 'tcp' | 'udp',
  count: number,
): Promise<MemoryFigure> {
  // Limits raised only so that K units fit in one run; the per-unit cost does not depend on them.
  const server = await createAlloServer({
    host: '127.0.0.1',
    port: 0,
    limits: {
      maxSessions: count + 10,
      maxSocketsPerSession: count + 10,
      maxCommandsPerSecond: 1_000_000,
      // Every session of the driver comes from loopback, which counts as one client.
      maxSessionsPerClient: count + 10,
      maxUpgradesPerSecondPerClient: 1_000_000,
    },
  });
  try {
    await runDriver(server.wsUrl, 'sessions', 2, async () => undefined); // warm up the code paths once
    const before = settle();
    let after = before;
    await runDriver(server.wsUrl, mode, count, async () => {
      after = settle();
    });
    return { what, count, heapPer: (after.heap - before.heap) / count, rssPer: (after.rss - before.rss) / count };
  } finally {
    await server.close();
  }
}

/** Starts the driver, runs `measure` once it is ready, then lets it go and waits for it to exit. */
async function runDriver(url: string, mode: string, count: number, measure: () => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, url, mode, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`memory driver exited with ${code} before ready`)));
      }),
      60_000,
      `the memory driver (${mode} ×${count})`,
    );
    await measure();
  } finally {
    child.stdin.end();
    await within(exited, 10_000, 'the memory driver to exit').catch(() => child.kill('SIGKILL'));
  }
}
