/**
 * (a) Events per second from real sockets to a WebSocket client, through an Allô
 * session, against a bare ws server pushing frames of the same size.
 *
 * The source is UDP: a Node dgram socket in another process (bench/lib/udpLoad)
 * sends datagrams to a session's bound UDP sockets, so every datagram is exactly
 * one `received` event (TCP would merge writes into fewer, larger events).
 * `measureOffered` offers a fixed rate instead (10,000 and 20,000 a second in
 * `npm run bench`) and says what the server delivers. Both rates are
 * taken between the first and the last event (or frame) the client parses, so
 * start-up costs are left out of both.
 */
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import type { Event } from '../shared/protocol';
import { createAlloServer } from '../server/app';
import { LeanClient } from './lib/leanClient';
import { within } from './lib/stats';
import { startUdpLoad, type UdpLoad } from './lib/udpLoad';

export interface RateResult {
  events: number;
  seconds: number;
  perSecond: number;
  frames: number;
  /** Datagrams the kernel dropped (none expected: the sender has a window). */
  lost?: number;
}

export interface EventRateResult {
  /** The round with the median rate, of each. */
  allo: RateResult;
  bare: RateResult;
  /** Bytes of one `received` event as JSON, wrapped in an events frame (the bare frames' size). */
  frameBytes: number;
  /** The median of the rounds' Allô/bare ratios (each round's two runs are close in time). */
  ratio: number;
  /** Every round's rates, Allô then bare, to show the spread. */
  rounds: { allo: number; bare: number }[];
}

const median = (results: RateResult[]): RateResult =>
  [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;

/** `rounds` rounds, each an Allô run then a bare run, so background load hits both alike. */
export async function measureEventRate(
  count = 20_000,
  payloadBytes = 32,
  rounds = 3,
  sockets = SOCKETS,
): Promise<EventRateResult> {
  const allos: RateResult[] = [];
  const bares: RateResult[] = [];
  let frameBytes = 0;
  for (let i = 0; i < rounds; i++) {
    const { result, sample } = await throughSession(count, payloadBytes, sockets);
    const frameText = JSON.stringify({ type: 'events', events: [sample] });
    frameBytes = Buffer.byteLength(frameText);
    allos.push(result);
    bares.push(await bareWs(count, frameText));
  }
  const allo = median(allos);
  const bare = median(bares);
  return {
    allo,
    bare,
    frameBytes,
    ratio: [...allos.map((a, i) => a.perSecond / bares[i]!.perSecond)].sort((x, y) => x - y)[Math.floor(rounds / 2)]!,
    rounds: allos.map((a, i) => ({ allo: a.perSecond, bare: bares[i]!.perSecond })),
  };
}

/**
 * The window of the closed loop, per session socket: at most this many
 * datagrams sent but not yet seen by the WebSocket client, so the socket's
 * receive buffer does not overflow. It is counted in datagrams, but the buffer
 * in kernel memory: a small datagram costs about 0.8–1.3 KiB of it (its
 * sk_buff), so 256 in flight could overflow the default 208 KiB
 * (net.core.rmem_default) and lose one. 96 cannot. With several sockets the
 * windows add up, so the pipeline is limited by the server's work, not by one
 * buffer's round trip.
 */
const WINDOW = 96;
/** Session UDP sockets the load is spread over (each its own receive buffer). */
export const SOCKETS = 4;
/**
 * Sending processes in the closed loop. One cannot out-send the bare ws
 * baseline: a sendmsg() per datagram costs it ~15 µs on a 2-core VM, ~65,000
 * a second at most, and the profile of the bench process showed it a third
 * idle, waiting on the sender. Two do, sharing the credit.
 */
const PEERS = 2;

/** A session with `sockets` bound UDP sockets, in a server of this process; events counted as the client parses them. */
async function openSession(sockets: number) {
  const server = await createAlloServer({ host: '127.0.0.1', port: 0 });
  const client = await LeanClient.connect(server.wsUrl);
  const ids = new Set<string>();
  const ports: number[] = [];
  for (let i = 0; i < sockets; i++) {
    const { socket } = (await client.call({ op: 'socket', proto: 'udp', family: 4 })) as { socket: string };
    const { local } = (await client.call({ op: 'bind', socket, port: 0 })) as { local: { port: number } };
    ids.add(socket);
    ports.push(local.port);
  }
  let frames = 0;
  client.ws.on('message', () => frames++);
  const seen = { received: 0, first: 0, last: 0, frames: () => frames, sample: undefined as Event | undefined };
  let onReceived: () => void = () => {};
  client.onEvent = (e, at) => {
    if (e.kind !== 'received' || !ids.has(e.socket)) return;
    if (seen.received++ === 0) seen.first = at;
    seen.sample ??= e;
    seen.last = at;
    onReceived();
  };
  return {
    ports,
    seen,
    set onReceived(f: () => void) {
      onReceived = f;
    },
    async close() {
      client.close();
      await server.close();
    },
  };
}

/** Waits until `count` events arrived, or none did for `quietMs` (the kernel dropped the rest). */
async function settle(seen: { received: number }, count: number, quietMs: number, what: string): Promise<void> {
  const run = async () => {
    let before = seen.received;
    let changed = performance.now();
    // Polled: the figures come from the events' own arrival times, not from this loop.
    while (seen.received < count) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (seen.received !== before) {
        before = seen.received;
        changed = performance.now();
      } else if (performance.now() - changed > (before === 0 ? 10_000 : quietMs)) return;
    }
  };
  await within(run(), 120_000, what);
}

async function throughSession(
  count: number,
  payloadBytes: number,
  sockets = SOCKETS,
): Promise<{ result: RateResult; sample: Event }> {
  const session = await openSession(sockets);
  let load: UdpLoad | undefined;
  try {
    const { seen } = session;
    load = await startUdpLoad({ ports: session.ports, count, payloadBytes, seconds: 60, peers: PEERS });
    const l = load;
    session.onReceived = () => {
      // Credit by the quarter window: each grant is an IPC write, which this process pays for.
      if (seen.received % ((WINDOW * sockets) / 4) === 0) l.credit(seen.received + WINDOW * sockets);
    };
    load.credit(WINDOW * sockets);
    await settle(seen, count, 500, 'the session event-rate run');
    // Rate between the first and the last event seen: start-up costs left out, as for the bare run.
    const seconds = (seen.last - seen.first) / 1000;
    return {
      result: {
        events: seen.received,
        seconds,
        perSecond: (seen.received - 1) / seconds,
        frames: seen.frames(),
        lost: count - seen.received,
      },
      sample: seen.sample!,
    };
  } finally {
    load?.stop();
    await session.close();
  }
}

export interface OfferedResult {
  /** Datagrams per second the peer really sent (its count over its own clock). */
  offered: number;
  /** Events per second the WebSocket client parsed, first to last. */
  delivered: number;
  sent: number;
  received: number;
  /** Datagrams sent that never became an event (the kernel dropped them: a receive buffer was full). */
  lost: number;
  frames: number;
}

/**
 * An offered load: `rate` datagrams per second for `seconds`, paced by the
 * peer's clock, spread over `sockets` sockets of one session; what the server
 * delivers to its WebSocket client, and what the kernel had to drop.
 */
export async function measureOffered(rate: number, seconds = 2, payloadBytes = 32, sockets = SOCKETS) {
  const session = await openSession(sockets);
  let load: UdpLoad | undefined;
  try {
    load = await startUdpLoad({ ports: session.ports, rate, seconds, payloadBytes });
    const { sent, seconds: took } = await within(load.done, seconds * 1000 + 20_000, 'the offered load');
    await settle(session.seen, sent, 300, 'the offered load to arrive');
    const s = session.seen;
    return {
      offered: sent / took,
      delivered: (s.received - 1) / ((s.last - s.first) / 1000),
      sent,
      received: s.received,
      lost: sent - s.received,
      frames: s.frames(),
    } satisfies OfferedResult;
  } finally {
    load?.stop();
    await session.close();
  }
}

/** A bare ws server sends `count` frames of `frameText` as fast as the event loop lets it. */
async function bareWs(count: number, frameText: string): Promise<RateResult> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await once(wss, 'listening');
  wss.on('connection', (ws) => {
    ws.once('message', () => {
      let sent = 0;
      // Chunks per event-loop turn, like a server producing events from socket reads.
      const pump = () => {
        for (let i = 0; i < 256 && sent < count; i++, sent++) ws.send(frameText);
        if (sent < count) setImmediate(pump);
      };
      pump();
    });
  });
  const port = (wss.address() as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  ws.on('error', () => {});
  try {
    await once(ws, 'open');
    let frames = 0;
    let t1 = 0;
    const done = new Promise<void>((resolve) => {
      ws.on('message', (raw) => {
        JSON.parse(raw.toString()); // the same work per frame as the Allô client
        if (++frames === 1) t0 = performance.now();
        if (frames === count) {
          t1 = performance.now();
          resolve();
        }
      });
    });
    let t0 = 0;
    ws.send('go');
    await within(done, 120_000, 'the bare ws run');
    const seconds = (t1 - t0) / 1000;
    return { events: frames, seconds, perSecond: (frames - 1) / seconds, frames };
  } finally {
    ws.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }
}
