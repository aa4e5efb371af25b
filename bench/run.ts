/**
 * `npm run bench`: measures, in one run, on loopback only, and prints figures and
 * ratios — no pass/fail. The targets of issue 2 are printed beside the figures
 * for reading, not asserted: the machine may be shared and noisy.
 *
 *   (a) events/second, real sockets → WebSocket client, vs a bare ws server
 *   (b) TCP echo round trip through a session vs plain `net`
 *   (c) memory per idle session and per socket
 *   (d) the compare relays' throughput
 *   (e) the page's frame intervals while ~1,000 events/s arrive (Chromium)
 *   (f) the event log with 100,000 events: import, scroll, filter, step (Chromium)
 *   (g) memory under a UDP flood with WebSockets not reading: 1 session, then 100 (byte budgets)
 *   (h) soak: 100 sessions × 8 sockets exchanging; seq gaps, losses, descriptors, heap, RSS
 *   (i) a class's worth: 1,000 sessions × 2 UDP sockets at 1 datagram/s; reply time, event delay, gaps, RSS, CPU
 *   (a) and (b) alone: `--only rate` (with the offered 10k and 20k events/s), `--only rtt`
 *   (e) alone: `--only page` (the page at 1,000, 10,000 and 20,000 datagrams/s offered);
 *   (f) alone: `--only log` (the event log with 1,000,000 events)
 *
 * `npm run bench -- --only soak` (or `--only flood`, `--only flood,soak`) runs
 * only those parts, without the page build's Chromium parts or the README snippet.
 *
 * (e) and (f) drive the built page (dist/client) in Debian's Chromium; the
 * `bench` script builds it first.
 * Ends with a Markdown snippet for the README.
 */
import os from 'node:os';
import { measureEchoRtt } from './echoRtt';
import { measureEventRate } from './eventRate';
import { measureMemory, type MemoryFigure } from './memory';
import { measureRelays } from './compareRelay';
import { fmt } from './lib/stats';
import { formatStageFrames, measureStageFrames } from './stage-frames';
import { measureLogScroll, printLogScroll } from './log-scroll';
import { formatFlood, measureFloodMemory } from './flood-memory';
import { formatSoak, measureSoak } from './soak';
import { formatSessions, measureSessions } from './sessions';
import { measureOffered } from './eventRate';
import { runCaptureBench } from './capture';
import { formatClass, measureClass } from './class';

/** The parts `--only` can pick. */
const PARTS = ['flood', 'soak', 'sessions', 'rate', 'rtt', 'page', 'log', 'capture', 'class'] as const;
type Part = (typeof PARTS)[number];

/** `--only a,b`: the parts to run (all by default); an unknown name stops the bench with the list. */
function selectedParts(argv: string[]): Set<Part> {
  const i = argv.indexOf('--only');
  if (i < 0) return new Set(PARTS);
  const names = (argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length) {
    console.error(`--only: unknown part "${unknown.join(',')}"; the parts are: ${PARTS.join(', ')}`);
    process.exit(2);
  }
  return new Set(names as Part[]);
}

const ms = (x: number) => `${fmt(x * 1000, 0)} µs`;
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

async function main(): Promise<void> {
  const parts = selectedParts(process.argv.slice(2));
  const started = new Date();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}, ${os.platform()} ${os.release()}`;
  console.log(
    `Allô bench — ${started.toISOString()}\n${machine}\nload average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );

  if (process.argv.includes('--only')) {
    await runFloodAndSoak(parts);
    return;
  }
  const rate = await runRate();
  const rtt = await runRtt();

  console.log('(c) memory (server process, after GC; the clients run in another process) …');
  const memory: MemoryFigure[] = [
    await measureMemory('idle session (WebSocket + session, no sockets)', 'sessions', 100),
    await measureMemory('bound UDP socket', 'udp', 200),
    await measureMemory('TCP socket in a call (half dialled, half accepted)', 'tcp', 200),
  ];
  for (const m of memory)
    console.log(
      `    ${m.what}: ${kib(m.heapPer)} heap+external (K=${m.count}; RSS moves by whole pages and is too noisy to divide)`,
    );

  console.log('\n(d) compare relays (server/relay), quiet link unless said …');
  const relays = await measureRelays();
  const mbps = (bytesPerSecond: number) => `${fmt(bytesPerSecond / 1e6, 1)} MB/s`;
  console.log(
    `    UDP: ${fmt(relays.udp.relayed, 0)} datagrams/s through the relay vs ${fmt(relays.udp.direct, 0)} straight → ${fmt(relays.udp.relayed / relays.udp.direct, 2)}×`,
  );
  console.log(
    `    TCP: ${mbps(relays.tcp.relayed)} through the relay vs ${mbps(relays.tcp.direct)} straight → ${fmt(relays.tcp.relayed / relays.tcp.direct, 2)}×`,
  );
  console.log(
    `    TCP capped at ${fmt(relays.capped.capKbps, 0)} kbit/s: ${fmt(relays.capped.measuredKbps, 0)} kbit/s delivered → ${fmt(relays.capped.measuredKbps / relays.capped.capKbps, 3)}× the cap`,
  );

  const { idle, page, heavy } = await runPage();
  const log = await runLog();
  await runFloodAndSoak(new Set(['flood', 'soak', 'sessions', 'capture', 'class']));
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );

  const snippet = [
    `### Benchmark (\`npm run bench\`, ${started.toISOString().slice(0, 10)})`,
    '',
    `Measured on ${machine}; loopback only, one run, shared machine — figures vary by tens of percent between runs.`,
    '',
    '| measure | Allô | baseline | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    `| events/s, real UDP datagrams → WebSocket client (median of ${rate.rounds.length}) | ${fmt(rate.allo.perSecond, 0)} | ${fmt(rate.bare.perSecond, 0)} (bare ws, ${rate.frameBytes}-byte frames) | ${fmt(rate.ratio, 2)}× | ≥ 0.8× |`,
    ...rate.offered.map(
      (o) =>
        `| events/s delivered at ${fmt(o.offered, 0)} offered (4 UDP sockets, one session) | ${fmt(o.delivered, 0)} | ${fmt(o.offered, 0)} offered | ${fmt(o.delivered / o.offered, 2)}×, ${o.lost} lost | ≈ 1× |`,
    ),
    `| TCP echo RTT p50 / p95, through the session's WebSocket | ${ms(rtt.session.p50)} / ${ms(rtt.session.p95)} | ${ms(rtt.plain.p50)} / ${ms(rtt.plain.p95)} (plain \`net\`) | ${fmt(rtt.ratio, 2)}× | ≤ 2× |`,
    `| TCP echo RTT p50 / p95, as Allô shows it (\`t\` sent → received) | ${ms(rtt.sessionEvents.p50)} / ${ms(rtt.sessionEvents.p95)} | same | ${fmt(rtt.eventsRatio, 2)}× | ≤ 1.15× |`,
    `| compare relay, UDP datagrams/s (64 B, quiet link) | ${fmt(relays.udp.relayed, 0)} | ${fmt(relays.udp.direct, 0)} (straight) | ${fmt(relays.udp.relayed / relays.udp.direct, 2)}× | |`,
    `| compare relay, TCP throughput (no cap) | ${mbps(relays.tcp.relayed)} | ${mbps(relays.tcp.direct)} (straight) | ${fmt(relays.tcp.relayed / relays.tcp.direct, 2)}× | |`,
    `| compare relay, TCP at a ${fmt(relays.capped.capKbps, 0)} kbit/s cap | ${fmt(relays.capped.measuredKbps, 0)} kbit/s | the cap | ${fmt(relays.capped.measuredKbps / relays.capped.capKbps, 3)}× | ≈ 1× |`,
    `| page frame interval p50 / p95 under ${fmt(page.eventsPerSecond, 0)} events/s (Chromium, 1280×720) | ${fmt(page.p50, 1)} / ${fmt(page.p95, 1)} ms, ${fmt(page.over33 * 100, 1)}% over 33 ms | ${fmt(idle.p50, 1)} / ${fmt(idle.p95, 1)} ms idle | | frames < 33 ms |`,
    ...heavy.map(
      (h) =>
        `| page frame interval p95, share over 33 ms, at ${fmt(h.offered, 0)} datagrams/s offered (${h.mailboxes} sockets) | ${fmt(h.p95, 1)} ms, ${fmt(h.over33 * 100, 1)}% (${fmt(h.eventsPerSecond, 0)} events/s reached the page) | ${fmt(idle.p95, 1)} ms idle | | p95 ≤ 17 ms, ≤ 1 % |`,
    ),
    `| event log, ${fmt(log.events, 0)} events: scroll frame p50 / p95 | ${fmt(log.scroll.p50, 1)} / ${fmt(log.scroll.p95, 1)} ms, ${fmt(log.scroll.over33 * 100, 1)}% over 33 ms | ${fmt(log.idle.p50, 1)} / ${fmt(log.idle.p95, 1)} ms idle | | smooth |`,
    `| event log, ${fmt(log.events, 0)} events: import; slowest filter; page heap | ${fmt(log.importMs, 0)} ms; ${fmt(Math.max(...log.filters.map((f) => f.ms)), 0)} ms; ${log.heapMB === null ? '?' : `${fmt(log.heapMB, 0)} MB`} | | | |`,
    ...memory.map((m) => `| memory per ${m.what} | ${kib(m.heapPer)} heap+external | | | |`),
    '',
    'The WebSocket round trip adds two hops (browser → server → browser) that a plain `net` client does not make;',
    'the second RTT row is the time between the kernel taking the bytes and the echo arriving, which is what the page shows.',
  ].join('\n');
  console.log('--- README snippet ---\n');
  console.log(snippet);
}

/** (a): the closed loop's ceiling against a bare ws server, then offered loads of 10,000 and 20,000 events/s. */
async function runRate() {
  console.log('(a) events per second, real UDP datagrams → received events → WebSocket client …');
  const rate = await measureEventRate(20_000, 32, 5);
  for (const [i, r] of rate.rounds.entries())
    console.log(
      `    round ${i + 1}: session ${fmt(r.allo, 0)} events/s, bare ws ${fmt(r.bare, 0)} frames/s → ${fmt(r.allo / r.bare, 2)}×`,
    );
  console.log(
    `    through a session (median): ${fmt(rate.allo.perSecond, 0)} events/s (${rate.allo.events} events in ${rate.allo.frames} frames, ${rate.allo.lost ?? 0} datagrams lost)`,
  );
  console.log(`    bare ws server (median):    ${fmt(rate.bare.perSecond, 0)} frames/s of ${rate.frameBytes} bytes`);
  console.log(`    ratio (median of the rounds' ratios) ${fmt(rate.ratio, 2)}× (target ≥ 0.8×)`);
  const offered = [];
  for (const r of [10_000, 20_000]) {
    const o = await measureOffered(r, 3);
    offered.push(o);
    console.log(
      `    offered ${fmt(o.offered, 0)} datagrams/s for 3 s (4 sockets): ${fmt(o.delivered, 0)} events/s delivered, ${o.lost} lost of ${o.sent}, ${o.frames} frames`,
    );
  }
  console.log(`    load average: ${loadavg()}\n`);
  return { ...rate, offered };
}

/** (b): the echo round trip, through the session and as Allô timestamps it, against plain net. */
async function runRtt() {
  console.log('(b) TCP echo round trip (32 bytes), external echo server on loopback …');
  const rtt = await measureEchoRtt(10, 50);
  console.log(
    `    plain net:                         p50 ${ms(rtt.plain.p50)}, p95 ${ms(rtt.plain.p95)} (n=${rtt.plain.n})`,
  );
  console.log(
    `    through a session (WebSocket in/out): p50 ${ms(rtt.session.p50)}, p95 ${ms(rtt.session.p95)} → ${fmt(rtt.ratio, 2)}× plain (target ≤ 2×)`,
  );
  console.log(
    `    as Allô shows it (t sent → received): p50 ${ms(rtt.sessionEvents.p50)}, p95 ${ms(rtt.sessionEvents.p95)} → ${fmt(rtt.eventsRatio, 2)}× plain (target ≤ 1.15×)`,
  );
  console.log(`    load average: ${loadavg()}\n`);
  return rtt;
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** (e): the page under load, at ~1,000 datagrams/s and then 10,000 and 20,000 offered (udpLoad's peers). */
async function runPage() {
  console.log('\n(e) the page under UDP load from real peers, 1280×720, Chromium …');
  const idle = await measureStageFrames({ rate: 0 });
  console.log(
    `    idle page (baseline): frame interval p50 ${fmt(idle.p50, 1)} ms, p95 ${fmt(idle.p95, 1)} ms, ${fmt(idle.over33 * 100, 1)}% over 33 ms`,
  );
  const page = await measureStageFrames({ rate: 1000 });
  for (const line of formatStageFrames(page)) console.log(`    ${line}`);
  const heavy = [];
  for (const rate of [10_000, 20_000]) {
    const r = await measureStageFrames({ rate });
    heavy.push(r);
    for (const line of formatStageFrames(r)) console.log(`    ${line}`);
  }
  console.log(`    load average: ${loadavg()}`);
  return { idle, page, heavy };
}

/** (f): the event log with 1,000,000 events. */
async function runLog() {
  console.log('\n(f) the event log with 1,000,000 events, Chromium …');
  const log = await measureLogScroll({ events: 1_000_000, steps: 10 });
  printLogScroll(log);
  return log;
}

/** (g), (h) and (i): the byte budgets, the soak and a class's worth of sessions; (a) and (b) when picked alone. */
async function runFloodAndSoak(parts: Set<Part>): Promise<void> {
  if (process.argv.includes('--only')) {
    if (parts.has('rate')) await runRate();
    if (parts.has('rtt')) await runRtt();
    if (parts.has('page')) await runPage();
    if (parts.has('log')) await runLog();
  }
  if (parts.has('capture')) await runCaptureBench();
  if (parts.has('flood')) {
    console.log(
      '\n(g) memory under a flood of 4 KB UDP datagrams, WebSockets not reading (targets: 1 session < 64 MB heap, 100 < 2 GB RSS) …',
    );
    for (const [sessions, seconds] of [
      [1, 5],
      [100, 8],
    ] as const) {
      for (const line of formatFlood(await measureFloodMemory(sessions, seconds))) console.log(`    ${line}`);
    }
  }
  if (parts.has('soak')) {
    console.log('\n(h) soak …');
    for (const line of formatSoak(await measureSoak(100, 10))) console.log(`    ${line}`);
  }
  if (parts.has('sessions')) {
    console.log('\n(i) 1,000 sessions, each 2 UDP sockets exchanging at 1 datagram/s (clients in 4 processes) …');
    for (const line of formatSessions(await measureSessions(1000, 10, 4))) console.log(`    ${line}`);
  }
  if (parts.has('class')) {
    console.log('\n(i) a class: teacher + 60 students, --class, server in its own process …');
    for (const line of formatClass(await measureClass(60, 10))) console.log(`    ${line}`);
  }
}

await main();
// ws and net handles are all closed by now; exit in case a stray timer would keep the process alive.
process.exit(0);
