/**
 * A UDP load generator for the benches: real datagrams from other processes
 * (real peers, so their sendmsg() calls do not run on the measured event loop),
 * spread round robin over one or more ports on loopback. Two ways to drive it:
 *
 * - offered load: `rate` datagrams per second in all, paced by the clock
 *   (a due count per 1 ms timer tick), for `seconds`. What the server delivers
 *   is then measured against what was offered (the page bench, the event-rate
 *   bench at 10k and 20k events/s);
 * - closed loop: no `rate`; the peer sends only up to the credit the bench
 *   grants (`credit(n)`: n datagrams in all may have been sent), so the kernel's
 *   receive buffers never overflow and the figure is the pipeline's ceiling.
 *
 * Several `peers` (processes) share the load, each its own slice of the ports,
 * when one process cannot send fast enough. Bounded: `count` datagrams at most
 * and `seconds` (≤ 60) at most, loopback only.
 *
 *     const load = await startUdpLoad({ ports: [p1, p2], rate: 10_000, seconds: 3 });
 *     const { sent, seconds } = await load.done;
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { within } from './stats';

export interface UdpLoadOptions {
  /** Where to send (127.0.0.1 ports); datagrams go round robin over them. */
  ports: readonly number[];
  /** Datagrams per second offered, over all peers and ports; omit for a closed loop (see `credit`). */
  rate?: number;
  /** How long the offered load lasts (default 2 s, at most 60); a closed loop stops at `count` or after it too. */
  seconds?: number;
  /** Datagrams in all at most (default rate × seconds, or 20,000 in a closed loop; at most 2,000,000). */
  count?: number;
  /** Bytes per datagram (default 32). With `numbered`, the datagram starts with `msg <n> `. */
  payloadBytes?: number;
  numbered?: boolean;
  /** Sending processes (default 1, at most 8); ports are dealt to them in turn. */
  peers?: number;
}

export interface UdpLoad {
  /** Closed loop only: up to `total` datagrams (over every peer) may have been sent. */
  credit(total: number): void;
  /** Settles when every peer has sent its share (or its time is up). */
  done: Promise<{ sent: number; seconds: number }>;
  /** Stops every peer now (idempotent). */
  stop(): void;
}

const PEER = fileURLToPath(new URL('./udpPeer.mjs', import.meta.url));
const MAX_COUNT = 2_000_000;

export async function startUdpLoad(options: UdpLoadOptions): Promise<UdpLoad> {
  const ports = [...options.ports];
  if (ports.length === 0) throw new Error('startUdpLoad: no port to send to');
  const seconds = Math.min(60, Math.max(0.1, options.seconds ?? 2));
  const rate = options.rate;
  const count = Math.min(MAX_COUNT, options.count ?? (rate ? Math.round(rate * seconds) : 20_000));
  const peers = Math.max(1, Math.min(8, options.peers ?? 1, ports.length));
  const children: ChildProcess[] = [];
  for (let i = 0; i < peers; i++) {
    const mine = ports.filter((_, j) => j % peers === i);
    // Each peer's share of the count and of the rate, so the totals are what was asked.
    const share = Math.floor(count / peers) + (i < count % peers ? 1 : 0);
    const config = {
      ports: mine,
      rate: rate === undefined ? null : rate / peers,
      count: share,
      seconds,
      size: options.payloadBytes ?? 32,
      numbered: options.numbered === true,
    };
    children.push(
      spawn(process.execPath, [PEER, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    );
  }
  const stop = () => {
    for (const c of children) {
      if (c.connected) c.disconnect();
      if (c.exitCode === null) c.kill();
    }
  };
  try {
    await within(Promise.all(children.map((c) => once(c, 'message'))), 10_000, 'the UDP peers to start');
  } catch (err) {
    stop();
    throw err;
  }
  const results = children.map(
    (c) =>
      new Promise<{ sent: number; seconds: number }>((resolve) => {
        c.on('message', (m: { sent: number; seconds: number }) => resolve(m));
        c.once('exit', () => resolve({ sent: 0, seconds: 0 }));
      }),
  );
  for (const c of children) c.send({ go: true });
  const done = Promise.all(results).then((rs) => ({
    sent: rs.reduce((s, r) => s + r.sent, 0),
    seconds: Math.max(...rs.map((r) => r.seconds)),
  }));
  return {
    credit(total) {
      // Dealt like the count: each peer may send its share of the total.
      children.forEach((c, i) => {
        if (c.connected) c.send({ credit: Math.floor(total / peers) + (i < total % peers ? 1 : 0) });
      });
    },
    done,
    stop,
  };
}
