/**
 * Stage smoothness under load, in real Chromium: the built page, a real Allô
 * server, a socket created through the toolbox, and a real peer outside the
 * session (Node `dgram` or `net`, loopback) that floods it, ~1,000 messages a
 * second. UDP (the default): each datagram is exactly one `received` event;
 * past 5,000 a second, the load comes from bench/lib/udpLoad (peers in their own
 * processes) spread over several mailboxes, so 10,000 and 20,000 are really offered.
 * TCP: the kernel may merge small writes, so fewer events arrive than writes. A requestAnimationFrame loop in the page
 * records frame intervals; we print p50/p95/max and the share over 33 ms.
 *
 *     npm run build && node --import tsx bench/stage-frames.ts [seconds] [messages/s] [udp|tcp] [--profile] [--trace]
 *
 * The CLI measures the whole page, then the stage alone (right column hidden),
 * so a slow frame can be told apart from the stage's own cost.
 *
 * Bounded: at most `seconds` (≤ 30) of writes, at most `rate` (≤ 40,000 UDP,
 * 5,000 TCP) per second; loopback only.
 */
import { once } from 'node:events';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { fmt, within } from './lib/stats';
import { frameStats, launchChromium, recordFrames, takeFrames, type FrameStats } from './lib/page';
import { startChildServer } from './lib/childServer';
import { startUdpLoad } from './lib/udpLoad';
import { startTrace, type TraceSlice } from './lib/trace';

export interface StageFramesOptions {
  /** How long the peer floods, in seconds (default 4, at most 30). */
  seconds?: number;
  /** Messages per second from the peer (default 1,000; at most 40,000 UDP, 5,000 TCP; 0 = idle baseline). */
  rate?: number;
  /** UDP mailboxes the load is spread over (default 1 up to 5,000/s, 4 above); each gets its own peer process. */
  mailboxes?: number;
  /** An Allô server already running (http://127.0.0.1:port); otherwise one is started. */
  url?: string;
  /** The flooding peer: UDP datagrams to a bound mailbox (default) or TCP writes to an accepted call. */
  proto?: 'udp' | 'tcp';
  /**
   * Hide the right column (code view, event log) to measure the stage on its
   * own; the whole page is measured otherwise.
   */
  stageOnly?: boolean;
  /** 1280×720 by default. */
  viewport?: { width: number; height: number };
  /** Also take a CPU profile of the page during the flood: its heaviest functions come back in `hotspots`. */
  profile?: boolean;
  /** Also trace the page (Chromium's tracing): the main thread's time by kind of work comes back in `slices`. */
  trace?: boolean;
}

/** A function of the page and the share of the page's main-thread time spent in it (self time). */
export interface Hotspot {
  fn: string;
  ms: number;
  share: number;
}

export interface StageFramesResult extends FrameStats {
  /** Events the page received per second while the peer wrote. */
  eventsPerSecond: number;
  events: number;
  writes: number;
  /** Messages per second the peers were asked to send. */
  offered: number;
  mailboxes: number;
  seconds: number;
  proto: 'udp' | 'tcp';
  stageOnly: boolean;
  hotspots?: Hotspot[];
  /** With `trace`: the main thread's time by kind of work (outermost slices of the trace). */
  slices?: TraceSlice[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, heaviest first (idle and program time left out of the ranking, kept in the total). */
function hotspots(profile: CpuProfile, top = 12): Hotspot[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)?.callFrame;
    if (!f || f.functionName === '(idle)') return;
    total += ms;
    const file = f.url.slice(f.url.lastIndexOf('/') + 1);
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, ms, share: ms / (total || 1) }));
}

/** Creates a TCP listener (or a bound UDP mailbox) through the toolbox, as a person would; returns its port. */
async function openThroughToolbox(page: Page, proto: 'udp' | 'tcp', nth = 0): Promise<number> {
  await page.getByTestId('connection-status').and(page.locator('[data-status="open"]')).waitFor({ timeout: 15_000 });
  await page.getByRole('radio', { name: proto === 'udp' ? /^SOCK_DGRAM/ : /^SOCK_STREAM/ }).check();
  await page.getByRole('button', { name: /socket\(\)/ }).click();
  const action = proto === 'udp' ? 'bind' : 'listen';
  await page.locator(`[data-testid="action"][data-action="${action}"]`).click();
  await page.locator(`[data-testid="run-action"][data-action="${action}"]`).click();
  const card = page.locator(`[data-testid="socket"][data-phase="${proto === 'udp' ? 'bound' : 'listening'}"]`).nth(nth);
  await card.waitFor({ timeout: 10_000 });
  const local = (await card.getAttribute('data-local')) ?? '';
  return Number(local.slice(local.lastIndexOf(':') + 1));
}

const head = (page: Page) => page.getByTestId('timeline').getAttribute('data-head').then(Number);

/** Runs the benchmark once and returns its figures (nothing printed). */
export async function measureStageFrames(options: StageFramesOptions = {}): Promise<StageFramesResult> {
  const seconds = Math.min(30, Math.max(1, options.seconds ?? 4));
  // 0 = no flood: the idle page, a baseline for a shared, noisy machine.
  const proto = options.proto ?? 'udp';
  const rate = Math.min(proto === 'udp' ? 40_000 : 5000, Math.max(0, options.rate ?? 1000));
  const mailboxes = proto === 'udp' ? Math.min(8, Math.max(1, options.mailboxes ?? (rate > 5000 ? 4 : 1))) : 1;
  const server = options.url ? null : await startChildServer();
  const url = options.url ?? server!.url;
  const browser = await launchChromium();
  let close = () => {};
  try {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 720 }, locale: 'en-GB' });
    await page.goto(url);
    if (options.stageOnly) await page.addStyleTag({ content: '.app-right { display: none !important; }' });
    const ports: number[] = [];
    for (let i = 0; i < mailboxes; i++) ports.push(await openThroughToolbox(page, proto, i));
    const port = ports[0]!;
    let write: (text: string) => void = () => {};
    if (mailboxes > 1) {
      // Peers in their own processes (bench/lib/udpLoad): one Node process cannot offer 10,000+ a second alone.
    } else if (proto === 'udp') {
      const udp = dgram.createSocket('udp4');
      udp.on('error', () => {});
      close = () => udp.close();
      write = (text) => udp.send(text, port, '127.0.0.1');
    } else {
      const tcp = net.connect({ host: '127.0.0.1', port });
      tcp.setNoDelay(true);
      tcp.on('error', () => {});
      close = () => tcp.destroy();
      await within(once(tcp, 'connect'), 5000, 'peer connect');
      await page.locator('[data-testid="socket"][data-phase="connected"]').waitFor({ timeout: 10_000 });
      write = (text) => tcp.write(text);
    }

    const cdp = options.profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const trace = options.trace ? await startTrace(page) : null;
    await recordFrames(page);
    const headBefore = await head(page);
    const started = performance.now();
    // Paced writes: a few every millisecond-ish timer tick, so the kernel
    // delivers most of them as separate reads (one event each).
    let writes = 0;
    const total = Math.round(rate * seconds);
    if (mailboxes > 1 && total > 0) {
      const load = await startUdpLoad({ ports, rate, seconds, peers: mailboxes, numbered: true });
      close = () => load.stop();
      writes = (await within(load.done, seconds * 1000 + 15_000, 'the UDP load')).sent;
    } else
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * rate));
          while (writes < due) write(`msg ${++writes} `);
          if ((total > 0 && writes >= total) || performance.now() - started > seconds * 1000 + (total > 0 ? 2000 : 0)) {
            clearInterval(timer);
            resolve();
          }
        }, 1);
      });
    const elapsed = (performance.now() - started) / 1000;
    // What reached the page, not what was sent: the views are fed by the frame buffer, at most ~10 times a second.
    await page.waitForTimeout(300);
    const headAfter = await head(page);
    // The first interval runs from the recorder's start, not from a frame: left out.
    const frames = (await takeFrames(page)).slice(1);
    const profile = cdp ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : null;
    const slices = trace ? await trace.stop() : null;
    return {
      ...frameStats(frames),
      eventsPerSecond: (headAfter - headBefore) / elapsed,
      events: headAfter - headBefore,
      writes,
      offered: total / seconds,
      mailboxes,
      seconds: elapsed,
      proto,
      stageOnly: options.stageOnly === true,
      ...(profile ? { hotspots: hotspots(profile) } : {}),
      ...(slices ? { slices } : {}),
    };
  } finally {
    close();
    await browser.close();
    await server?.stop();
  }
}

/** One line per figure, for `npm run bench` and the CLI. */
export function formatStageFrames(r: StageFramesResult): string[] {
  const hot = (r.hotspots ?? []).map(
    (h) => `  ${fmt(h.share * 100, 1).padStart(5)}%  ${fmt(h.ms, 0).padStart(5)} ms  ${h.fn}`,
  );
  const slices = (r.slices ?? []).map(
    (s) =>
      `  ${fmt(s.share * 100, 1).padStart(5)}%  ${fmt(s.ms, 0).padStart(5)} ms  ${s.name} (${s.count}, longest ${fmt(s.maxMs, 1)} ms)`,
  );
  return [
    ...(slices.length
      ? ["the page's main thread by kind of work (Chromium's trace, share of wall time):", ...slices]
      : []),
    ...(hot.length ? ['heaviest functions of the page (self time, share of busy main-thread time):', ...hot] : []),
    `${r.stageOnly ? 'stage alone (code view and log hidden)' : 'whole page'} under load: ${fmt(r.eventsPerSecond, 0)} events/s reached the page of ${fmt(r.offered, 0)} offered (${r.events} events for ${r.writes} ${r.proto.toUpperCase()} messages from real peers to ${r.mailboxes} socket(s) in ${fmt(r.seconds, 1)} s)`,
    `frame interval over ${r.frames} frames: p50 ${fmt(r.p50, 1)} ms, p95 ${fmt(r.p95, 1)} ms, max ${fmt(r.max, 1)} ms, ${fmt(r.over33 * 100, 1)}% over 33 ms (target: p95 ≤ 17 ms, ≤ 1% over 33 ms)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [seconds, rate] = process.argv.slice(2, 4).map(Number);
  const proto = process.argv[4] === 'tcp' ? 'tcp' : 'udp';
  const run = async () => {
    // Frame times follow the machine's load more than the page's work: say what the load was.
    console.log(
      `load average before: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs`,
    );
    const idle = await measureStageFrames({ seconds: seconds || undefined, rate: 0, proto });
    console.log(
      `baseline, idle page: frame interval p50 ${fmt(idle.p50, 1)} ms, p95 ${fmt(idle.p95, 1)} ms, ${fmt(idle.over33 * 100, 1)}% over 33 ms`,
    );
    for (const stageOnly of [false, true]) {
      const r = await measureStageFrames({
        seconds: seconds || undefined,
        rate: rate || undefined,
        proto,
        stageOnly,
        profile: process.argv.includes('--profile'),
        trace: process.argv.includes('--trace'),
      });
      console.log(formatStageFrames(r).join('\n'));
    }
  };
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
