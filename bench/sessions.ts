/**
 * A class's worth of sessions (issue 15): 1,000 concurrent sessions on one
 * server (server/main.ts in its own process, as in production), each with two
 * bound UDP sockets sending one datagram a second to each other, for a bounded
 * time. The clients run in a few child processes (bench/lib/sessionsDriver.ts),
 * so the server's event loop is the only one measured. Printed: the command
 * reply time and the event delay (p50, p99, max), seq gaps and datagrams
 * missing (both should be 0), and the server's RSS and CPU over the exchange,
 * beside the machine's load. No figure is asserted.
 *
 *     node --import tsx bench/sessions.ts [sessions] [seconds] [drivers] [--capture-off]
 *     npm run bench -- --only sessions
 *
 * Every session comes from loopback, which the per-client caps count as one
 * client: the bench lifts maxSessions, maxSessionsPerClient and
 * maxUpgradesPerSecondPerClient with `--limit` (the defaults are unchanged).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startChildServer } from './lib/childServer';
import type { DriverReport } from './lib/sessionsDriver';
import { fmt, percentile, within } from './lib/stats';

export interface SessionsFigure {
  sessions: number;
  seconds: number;
  sends: number;
  reply: { p50: number; p99: number; max: number };
  delay: { p50: number; p99: number; max: number };
  seqGaps: number;
  missing: number;
  shed: number;
  errors: number;
  /** Server process, after the sessions opened and after the exchange. */
  rssOpen: number;
  rssAfter: number;
  /** Server CPU over the exchange, in cores (1 = one core busy all the time). */
  cpuCores: number;
  loadBefore: number[];
  loadAfter: number[];
}

const DRIVER = fileURLToPath(new URL('./lib/sessionsDriver.ts', import.meta.url));
const TICK = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s on Linux

/** utime + stime of a process, in seconds, and its RSS in bytes. */
function usage(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICK;
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { cpu, rss };
}

const dist = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
};

/** `serverArgs`: more flags for server/main.ts (e.g. `--capture off`, to see what the packet capture costs). */
export async function measureSessions(
  sessions = 1000,
  seconds = 10,
  drivers = 4,
  serverArgs: string[] = [],
): Promise<SessionsFigure> {
  const loadBefore = os.loadavg();
  const server = await startChildServer([
    '--limit',
    `maxSessions=${sessions + 10}`,
    '--limit',
    `maxSessionsPerClient=${sessions + 10}`,
    '--limit',
    `maxUpgradesPerSecondPerClient=${sessions + 10}`,
    ...serverArgs,
  ]);
  const children: ChildProcess[] = [];
  try {
    const pid = server.child.pid!;
    for (let i = 0; i < drivers; i++) {
      const share = Math.floor(sessions / drivers) + (i < sessions % drivers ? 1 : 0);
      children.push(
        spawn(process.execPath, ['--import', 'tsx', DRIVER, server.wsUrl, String(share), String(seconds)], {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    await within(Promise.all(children.map((c) => once(c, 'message'))), 180_000, `${sessions} sessions to open`);
    const opened = usage(pid);
    const reports = children.map((c) =>
      within(
        new Promise<DriverReport>((resolve) =>
          c.on('message', (m: { report?: DriverReport }) => m.report && resolve(m.report)),
        ),
        (seconds + 60) * 1000,
        'the exchange',
      ),
    );
    for (const c of children) c.send('go');
    const all = await Promise.all(reports);
    const after = usage(pid);
    const sum = (k: 'sends' | 'seqGaps' | 'missing' | 'errors') => all.reduce((s, r) => s + r[k], 0);
    return {
      sessions: all.reduce((s, r) => s + r.sessions, 0),
      seconds,
      sends: sum('sends'),
      reply: dist(all.flatMap((r) => r.replies)),
      delay: dist(all.flatMap((r) => r.delays)),
      seqGaps: sum('seqGaps'),
      missing: sum('missing'),
      errors: sum('errors'),
      shed: Math.max(...all.map((r) => r.shed)),
      rssOpen: opened.rss,
      rssAfter: after.rss,
      // The exchange lasts `seconds` plus the phase spread (1 s) and the wait for the last events.
      cpuCores: (after.cpu - opened.cpu) / (seconds + 1),
      loadBefore,
      loadAfter: os.loadavg(),
    };
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
    await server.stop();
  }
}

export function formatSessions(f: SessionsFigure): string[] {
  const ms = (x: number) => `${fmt(x, 1)} ms`;
  const mb = (b: number) => `${fmt(b / 1024 / 1024, 0)} MB`;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `${f.sessions} sessions × 2 UDP sockets, each socket sending 1 datagram/s for ${f.seconds} s: ${f.sends.toLocaleString('en-US')} sends`,
    `  command reply time (send → its reply): p50 ${ms(f.reply.p50)}, p99 ${ms(f.reply.p99)}, max ${ms(f.reply.max)}`,
    `  event delay (send → the other socket's received event): p50 ${ms(f.delay.p50)}, p99 ${ms(f.delay.p99)}, max ${ms(f.delay.max)}`,
    `  seq gaps ${f.seqGaps}, datagrams missing ${f.missing}, sends refused ${f.errors}, events shed ${f.shed} (all should be 0)`,
    `  server: RSS ${mb(f.rssOpen)} with the sessions open, ${mb(f.rssAfter)} after; CPU ${fmt(f.cpuCores * 100, 0)}% of one core over the exchange`,
    `  load average before ${load(f.loadBefore)}, after ${load(f.loadAfter)} (${os.cpus().length} CPUs)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const numbers = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
  const [sessions, seconds, drivers] = numbers.map(Number);
  const captureOff = process.argv.includes('--capture-off') ? ['--capture', 'off'] : [];
  const f = await measureSessions(sessions || undefined, seconds || undefined, drivers || undefined, captureOff);
  if (captureOff.length) console.log('(server started with --capture off)');
  for (const line of formatSessions(f)) console.log(line);
  process.exit(0);
}
