/**
 * Memory under a flood (issue 11 point 3): sessions whose WebSocket does not read
 * while a UDP socket of each receives 4 KB datagrams as fast as loopback carries
 * them. The server runs here; the clients and the flood in a driver process
 * (lib/floodDriver.ts). Prints the server's peak heap and RSS during the flood
 * (targets: one session under 64 MB of heap, 100 under 2 GB of RSS) and what
 * session 0 sees once it reads again: events received, `shed` count, seq gaps.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAlloServer } from '../server/app';
import { DEFAULT_LIMITS } from '../shared/limits';
import { within } from './lib/stats';

export interface FloodFigure {
  sessions: number;
  datagrams: number;
  seconds: number;
  baseline: { heap: number; rss: number };
  /** Sampled every 50 ms during the flood: heapUsed includes garbage not yet collected. */
  peak: { heap: number; rss: number; external: number };
  /** Right after the flood, after a full GC: what the server really holds. */
  retained: { heap: number; external: number; rss: number };
  session0: { received: number; shed: number; lastSeq: number; gaps: number };
  /** The server's own counters at their highest during the flood, and the budgets. */
  budget: {
    logBytes: number;
    maxLogBytes: number;
    maxLogBytesPerSession: number;
    outboxBytes: number;
    maxOutboxBytes: number;
  };
}

function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const DRIVER = fileURLToPath(new URL('./lib/floodDriver.ts', import.meta.url));

export async function measureFloodMemory(sessions: number, seconds: number): Promise<FloodFigure> {
  const gc = getGc();
  const server = await createAlloServer({
    host: '127.0.0.1',
    port: 0,
    kernelPollMs: 0,
    // Every driver session comes from loopback, one client to the per-client caps: lifted, or the
    // 100-session run is refused 429 (a fast machine opens them faster than the default rate).
    limits: {
      maxSessions: Math.max(100, sessions),
      maxSessionsPerClient: sessions + 10,
      maxUpgradesPerSecondPerClient: 1_000_000,
      maxCommandsPerSecond: 100_000,
    },
  });
  const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, server.wsUrl, String(sessions), String(seconds)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const lines = createInterface({ input: child.stdout });
  const next = (prefix: string, ms: number) =>
    within(
      new Promise<string>((resolve, reject) => {
        const onLine = (l: string) => {
          if (!l.startsWith(prefix)) return;
          lines.off('line', onLine);
          resolve(l.slice(prefix.length).trim());
        };
        lines.on('line', onLine);
        child.once('exit', (code) => reject(new Error(`flood driver exited with ${code}`)));
      }),
      ms,
      `the flood driver's "${prefix}"`,
    );
  try {
    await next('ready', 60_000);
    for (let i = 0; i < 3; i++) gc();
    const m0 = process.memoryUsage();
    const peak = { heap: m0.heapUsed, rss: m0.rss, external: m0.external };
    const budget = {
      logBytes: 0,
      maxLogBytes: DEFAULT_LIMITS.maxLogBytes,
      maxLogBytesPerSession: DEFAULT_LIMITS.maxLogBytesPerSession,
      outboxBytes: 0,
      maxOutboxBytes: DEFAULT_LIMITS.maxOutboxBytes,
    };
    const sample = setInterval(() => {
      const s = server.stats();
      budget.logBytes = Math.max(budget.logBytes, s.logBytes);
      budget.outboxBytes = Math.max(budget.outboxBytes, s.outboxBytes);
      const m = process.memoryUsage();
      peak.heap = Math.max(peak.heap, m.heapUsed);
      peak.rss = Math.max(peak.rss, m.rss);
      peak.external = Math.max(peak.external, m.external);
    }, 50);
    const flooded = next('flooded', seconds * 1000 + 30_000);
    child.stdin.write('go\n');
    const datagrams = Number(await flooded);
    // Let the server drain the kernel's receive queues into its logs, then sample once more.
    await new Promise((r) => setTimeout(r, 500));
    clearInterval(sample);
    for (let i = 0; i < 3; i++) gc();
    const m1 = process.memoryUsage();
    const retained = { heap: m1.heapUsed, external: m1.external, rss: m1.rss };
    const report = next('report', 60_000);
    child.stdin.write('read\n');
    const session0 = JSON.parse(await report) as FloodFigure['session0'];
    return {
      sessions,
      datagrams,
      seconds,
      baseline: { heap: m0.heapUsed, rss: m0.rss },
      peak,
      retained,
      session0,
      budget,
    };
  } finally {
    child.stdin.end();
    await within(exited, 10_000, 'the flood driver to exit').catch(() => child.kill('SIGKILL'));
    await server.close();
  }
}

const MB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

export function formatFlood(f: FloodFigure): string[] {
  return [
    `${f.sessions} flooded session${f.sessions > 1 ? 's' : ''} (${f.datagrams.toLocaleString('en-US')} datagrams of 4 KB in ${f.seconds} s, WebSockets not reading):`,
    `  server heap: baseline ${MB(f.baseline.heap)}, peak ${MB(f.peak.heap)} (garbage included), retained after GC ${MB(f.retained.heap)}; external peak ${MB(f.peak.external)}`,
    `  server RSS: baseline ${MB(f.baseline.rss)}, peak ${MB(f.peak.rss)}, after the flood ${MB(f.retained.rss)}`,
    `  replay logs at most ${MB(f.budget.logBytes)} estimated (budgets: ${MB(f.budget.maxLogBytesPerSession)} a session, ${MB(f.budget.maxLogBytes)} in all); WebSocket buffers at most ${MB(f.budget.outboxBytes)} (budget ${MB(f.budget.maxOutboxBytes)})`,
    `  session 0 reading again: ${f.session0.received.toLocaleString('en-US')} events received, shed ${f.session0.shed.toLocaleString('en-US')} (counted), last seq ${f.session0.lastSeq.toLocaleString('en-US')}, unexplained seq gaps ${f.session0.gaps}`,
  ];
}

// Alone: node --import tsx bench/flood-memory.ts [sessions] [seconds]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const f = await measureFloodMemory(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 5));
  for (const l of formatFlood(f)) console.log(l);
  process.exit(0);
}
