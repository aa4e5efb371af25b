/**
 * `npm run bench -- --only capture`: what the packet capture costs, in one run
 * with the capture on and off side by side (docs/wire.md). Loopback only,
 * bounded in count and time; prints figures, asserts nothing.
 *
 *   - events per second: UDP datagrams from a socket outside the session to a
 *     session's socket, until the client has seen every `received` event;
 *   - TCP echo round trip (32 bytes) from a session's dialler to an echo server
 *     outside the session, p50 / p95;
 *   - the packets per second the capture keeps up with: paced bursts at rising
 *     rates, each to a fresh session; `datagram` events shown per datagram sent
 *     (a packet tcpdump dropped never reaches us), the `capture` event's
 *     notKept (the byte budget, counted, not hidden), and tcpdump's own count of
 *     packets the kernel dropped because its buffer was full (asked with SIGUSR1).
 *   - the kernel observer's `ss -ti`: ms per run, and its share of the event loop.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';
import { probeCapture } from '../server/capture/tcpdump';
import type { AlloTestClient } from '../server/testing/client';
import { startTestServer, type TestServer } from '../server/testing/server';
import { fmt, summarise } from './lib/stats';

async function udpTarget(c: AlloTestClient): Promise<{ socket: string; port: number }> {
  const { socket } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
  const { local } = await c.ok({ op: 'bind', socket, address: '127.0.0.1', port: 0 });
  return { socket, port: local.port };
}

/** Sends `count` datagrams at about `perSecond` (bursts every 10 ms); resolves when all are sent. */
async function flood(port: number, count: number, perSecond: number): Promise<number> {
  const out = createSocket('udp4');
  const payload = Buffer.alloc(32, 0x61);
  const perTick = Math.max(1, Math.round(perSecond / 100));
  const started = performance.now();
  let sent = 0;
  while (sent < count) {
    for (let i = 0; i < perTick && sent < count; i++, sent++) out.send(payload, port, '127.0.0.1');
    const due = started + (sent / perSecond) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await new Promise((r) => setTimeout(r, 20));
  out.close();
  return (performance.now() - started) / 1000;
}

/** Waits until the client's events stop growing for 300 ms (bounded); returns when the last one came. */
async function quiet(c: AlloTestClient, maxMs: number): Promise<number> {
  const deadline = performance.now() + maxMs;
  let n = c.events.length;
  let last = performance.now();
  while (performance.now() < deadline && performance.now() - last < 300) {
    await new Promise((r) => setTimeout(r, 50));
    if (c.events.length !== n) {
      n = c.events.length;
      last = performance.now();
    }
  }
  return last;
}

async function eventsPerSecond(server: TestServer, wire: boolean, count: number): Promise<number> {
  const c = await server.client();
  if (wire) await c.waitFor('capture', (e) => e.state === 'on');
  const { port } = await udpTarget(c);
  const first = c.events.length;
  const started = performance.now();
  await flood(port, count, 2_000);
  const end = await quiet(c, 20_000);
  const events = c.events.length - first;
  await c.close();
  return events / ((end - started) / 1000);
}

async function echoRtt(server: TestServer, wire: boolean, echoPort: number, n: number) {
  const c = await server.client();
  if (wire) await c.waitFor('capture', (e) => e.state === 'on');
  const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  await c.ok({ op: 'connect', socket, host: '127.0.0.1', port: echoPort });
  await c.waitFor('connected', (e) => e.socket === socket);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const have = c.eventsOf('received', socket).reduce((s, e) => s + e.bytes, 0);
    const t0 = performance.now();
    await c.ok({ op: 'send', socket, data: { text: 'x'.repeat(32) } });
    await c.until(() => c.eventsOf('received', socket).reduce((s, e) => s + e.bytes, 0) >= have + 32, 'echo', 5000);
    times.push(performance.now() - t0);
  }
  await c.close();
  return summarise(times.sort((a, b) => a - b));
}

async function keepUp(server: TestServer, perSecond: number, count: number) {
  const c = await server.client();
  await c.waitFor('capture', (e) => e.state === 'on');
  const { socket, port } = await udpTarget(c);
  // tcpdump's own count (SIGUSR1) before and after: what the kernel dropped because its buffer was full.
  const dropsBefore = await server.captureKernelDrops();
  const seconds = await flood(port, count, perSecond);
  // Wire events come at most ~300 ms after the packet (held packets); give them a bounded while.
  await c.until(() => c.eventsOf('datagram', socket).length >= count, 'datagrams', 3000).catch(() => undefined);
  const shown = c.eventsOf('datagram', socket).length;
  const received = c.eventsOf('received', socket).length; // the socket's buffer may drop some: the wire still saw them
  const notKept = c.eventsOf('capture').at(-1)?.notKept ?? 0;
  const dropsAfter = await server.captureKernelDrops();
  const tcpdumpDrops =
    dropsBefore === undefined || dropsAfter === undefined ? 'not reported' : String(dropsAfter - dropsBefore);
  await c.close();
  return { rate: count / seconds, shown, received, notKept, tcpdumpDrops };
}

export async function runCaptureBench(): Promise<void> {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const capability = await probeCapture();
  console.log(`(capture) the packet capture's cost — load average ${load()}`);
  if (!capability.available) {
    console.log(`    capture unavailable: ${capability.reason} To enable: ${capability.enable}`);
    return;
  }
  // The echo loop sends as fast as the round trip allows: past the 200 commands a second a page may send.
  const limits = { maxCommandsPerSecond: 100_000 };
  const on = await startTestServer({ capture: { enabled: true }, limits });
  const off = await startTestServer({ limits });
  const echo = createServer((s) => s.pipe(s));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  const echoPort = (echo.address() as { port: number }).port;
  try {
    for (let round = 1; round <= 3; round++) {
      const a = await eventsPerSecond(off, false, 5000);
      const b = await eventsPerSecond(on, true, 5000);
      console.log(
        `    events/s, 5,000 UDP datagrams at 2,000/s (round ${round}): off ${fmt(a, 0)}, on ${fmt(b, 0)} (wire events included) → ${fmt(b / a, 2)}×`,
      );
    }
    const rOff = await echoRtt(off, false, echoPort, 300);
    const rOn = await echoRtt(on, true, echoPort, 300);
    console.log(
      `    TCP echo RTT (32 B, 300 round trips) p50 / p95: off ${fmt(rOff.p50, 3)} / ${fmt(rOff.p95, 3)} ms, on ${fmt(rOn.p50, 3)} / ${fmt(rOn.p95, 3)} ms → p50 ${fmt(rOn.p50 / rOff.p50, 2)}×`,
    );
    for (const rate of [2_000, 10_000, 30_000, 60_000]) {
      const k = await keepUp(on, rate, Math.min(20_000, rate * 2));
      console.log(
        `    ${fmt(k.rate, 0)} datagrams/s for ${fmt(Math.min(20_000, rate * 2), 0)}: ${k.received} received, ${k.shown} shown as datagram events (${fmt((100 * k.shown) / Math.min(20_000, rate * 2), 1)} % of those sent), notKept ${k.notKept} (byte budget), dropped by the kernel before tcpdump read them: ${k.tcpdumpDrops}`,
      );
    }
    const kernel = on.stats().kernel;
    console.log(
      `    kernel observer: ${kernel.samples} samples, ${kernel.ssRuns} ran ss -ti, ${fmt(kernel.ssMs / Math.max(1, kernel.ssRuns), 2)} ms each (${fmt((100 * kernel.ssMs) / Math.max(1, kernel.samples * 100), 1)} % of the loop at one sample per 100 ms)`,
    );
  } finally {
    echo.close();
    await on.close();
    await off.close();
  }
  console.log(`    load average after: ${load()}`);
}
