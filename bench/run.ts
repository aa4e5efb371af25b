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

/** The parts `--only` can pick. */
const PARTS = ['flood', 'soak'] as const;
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
  console.log(`    ratio (median of the rounds' ratios) ${fmt(rate.ratio, 2)}× (target ≥ 0.5×)\n`);

  console.log('(b) TCP echo round trip (32 bytes), external echo server on loopback …');
  const rtt = await measureEchoRtt(10, 50, 50);
  console.log(
    `    plain net:                         p50 ${ms(rtt.plain.p50)}, p95 ${ms(rtt.plain.p95)} (n=${rtt.plain.n})`,
  );
  console.log(
    `    through a session (WebSocket in/out): p50 ${ms(rtt.session.p50)}, p95 ${ms(rtt.session.p95)} → ${fmt(rtt.ratio, 2)}× plain (target ≤ 1.25×)`,
  );
  console.log(
    `    as Allô shows it (t sent → received): p50 ${ms(rtt.sessionEvents.p50)}, p95 ${ms(rtt.sessionEvents.p95)} → ${fmt(rtt.eventsRatio, 2)}× plain\n`,
  );

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

  console.log('\n(e) the page under ~1,000 events/s from a real UDP peer, 1280×720, Chromium …');
  const idle = await measureStageFrames({ rate: 0 });
  console.log(
    `    idle page (baseline): frame interval p50 ${fmt(idle.p50, 1)} ms, p95 ${fmt(idle.p95, 1)} ms, ${fmt(idle.over33 * 100, 1)}% over 33 ms`,
  );
  const page = await measureStageFrames({ rate: 1000 });
  for (const line of formatStageFrames(page)) console.log(`    ${line}`);

  console.log('\n(f) the event log with 100,000 events, Chromium …');
  const log = await measureLogScroll();
  printLogScroll(log);
  await runFloodAndSoak(new Set(['flood', 'soak']));
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
    `| events/s, real UDP datagrams → WebSocket client (median of ${rate.rounds.length}) | ${fmt(rate.allo.perSecond, 0)} | ${fmt(rate.bare.perSecond, 0)} (bare ws, ${rate.frameBytes}-byte frames) | ${fmt(rate.ratio, 2)}× | ≥ 0.5× |`,
    `| TCP echo RTT p50 / p95, through the session's WebSocket | ${ms(rtt.session.p50)} / ${ms(rtt.session.p95)} | ${ms(rtt.plain.p50)} / ${ms(rtt.plain.p95)} (plain \`net\`) | ${fmt(rtt.ratio, 2)}× | ≤ 1.25× |`,
    `| TCP echo RTT p50 / p95, as Allô shows it (\`t\` sent → received) | ${ms(rtt.sessionEvents.p50)} / ${ms(rtt.sessionEvents.p95)} | same | ${fmt(rtt.eventsRatio, 2)}× | |`,
    `| compare relay, UDP datagrams/s (64 B, quiet link) | ${fmt(relays.udp.relayed, 0)} | ${fmt(relays.udp.direct, 0)} (straight) | ${fmt(relays.udp.relayed / relays.udp.direct, 2)}× | |`,
    `| compare relay, TCP throughput (no cap) | ${mbps(relays.tcp.relayed)} | ${mbps(relays.tcp.direct)} (straight) | ${fmt(relays.tcp.relayed / relays.tcp.direct, 2)}× | |`,
    `| compare relay, TCP at a ${fmt(relays.capped.capKbps, 0)} kbit/s cap | ${fmt(relays.capped.measuredKbps, 0)} kbit/s | the cap | ${fmt(relays.capped.measuredKbps / relays.capped.capKbps, 3)}× | ≈ 1× |`,
    `| page frame interval p50 / p95 under ${fmt(page.eventsPerSecond, 0)} events/s (Chromium, 1280×720) | ${fmt(page.p50, 1)} / ${fmt(page.p95, 1)} ms, ${fmt(page.over33 * 100, 1)}% over 33 ms | ${fmt(idle.p50, 1)} / ${fmt(idle.p95, 1)} ms idle | | frames < 33 ms |`,
    `| event log, ${fmt(log.events, 0)} events: scroll frame p50 / p95 | ${fmt(log.scroll.p50, 1)} / ${fmt(log.scroll.p95, 1)} ms, ${fmt(log.scroll.over33 * 100, 1)}% over 33 ms | ${fmt(log.idle.p50, 1)} / ${fmt(log.idle.p95, 1)} ms idle | | smooth |`,
    `| event log, ${fmt(log.events, 0)} events: import; slowest filter | ${fmt(log.importMs, 0)} ms; ${fmt(Math.max(...log.filters.map((f) => f.ms)), 0)} ms | | | |`,
    ...memory.map((m) => `| memory per ${m.what} | ${kib(m.heapPer)} heap+external | | | |`),
    '',
    'The WebSocket round trip adds two hops (browser → server → browser) that a plain `net` client does not make;',
    'the second RTT row is the time between the kernel taking the bytes and the echo arriving, which is what the page shows.',
  ].join('\n');
  console.log('--- README snippet ---\n');
  console.log(snippet);
}

/** (g) and (h), the byte budgets and the soak. */
async function runFloodAndSoak(parts: Set<Part>): Promise<void> {
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
}

await main();
// ws and net handles are all closed by now; exit in case a stray timer would keep the process alive.
process.exit(0);
