/**
 * (a) Events per second from real sockets to a WebSocket client, through an Allô
 * session, against a bare ws server pushing frames of the same size.
 *
 * The source is UDP: a Node dgram socket in another process sends datagrams to
 * a session's bound UDP socket, so every datagram is exactly one `received`
 * event (TCP would merge writes into fewer, larger events). Both rates are
 * taken between the first and the last event (or frame) the client parses, so
 * start-up costs are left out of both.
 */
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket, { WebSocketServer } from 'ws';
import type { Event } from '../shared/protocol';
import { createAlloServer } from '../server/app';
import { LeanClient } from './lib/leanClient';
import { within } from './lib/stats';

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
export async function measureEventRate(count = 20_000, payloadBytes = 32, rounds = 3): Promise<EventRateResult> {
  const allos: RateResult[] = [];
  const bares: RateResult[] = [];
  let frameBytes = 0;
  for (let i = 0; i < rounds; i++) {
    const { result, sample } = await throughSession(count, payloadBytes);
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
 * The datagrams' sender, in its own process like any real peer, so its
 * sendmsg() calls do not run on the server's event loop. It sends one read's
 * worth (libuv reads up to 32 datagrams per turn) per turn of its loop, up to
 * the credit the bench grants it over IPC: at most WINDOW datagrams not yet seen
 * by the WebSocket client, so the kernel's receive buffer does not overflow.
 * The window is counted in datagrams, but the buffer in kernel memory: a small
 * datagram costs about 0.8–1.3 KiB of it (its sk_buff), so 256 in flight could
 * overflow the default 208 KiB (net.core.rmem_default) and lose one. 96 cannot.
 */
const WINDOW = 96;
const SENDER = `
import dgram from 'node:dgram';
const [port, count, size] = process.argv.slice(1).map(Number);
const tx = dgram.createSocket('udp4');
const payload = Buffer.alloc(size, 0x61);
let sent = 0;
let credit = 0;
let pumping = false;
const pump = () => {
  for (let i = 0; i < 32 && sent < Math.min(count, credit); i++, sent++) tx.send(payload, port, '127.0.0.1');
  pumping = sent < Math.min(count, credit);
  if (pumping) setImmediate(pump);
};
process.on('message', (m) => {
  credit = m;
  if (!pumping) pump();
});
process.on('disconnect', () => tx.close());
tx.bind(0, '127.0.0.1', () => process.send('ready'));
`;

async function throughSession(count: number, payloadBytes: number): Promise<{ result: RateResult; sample: Event }> {
  const server = await createAlloServer({ host: '127.0.0.1', port: 0 });
  const client = await LeanClient.connect(server.wsUrl);
  let child: ChildProcess | undefined;
  try {
    const { socket } = (await client.call({ op: 'socket', proto: 'udp', family: 4 })) as { socket: string };
    const { local } = (await client.call({ op: 'bind', socket, port: 0 })) as { local: { port: number } };

    let frames = 0;
    client.ws.on('message', () => frames++);
    let received = 0;
    let sample: Event | undefined;
    let first = 0;
    let last = 0;
    let progress: () => void = () => {};
    client.onEvent = (e, at) => {
      if (e.kind !== 'received' || e.socket !== socket) return;
      if (received++ === 0) first = at;
      sample ??= e;
      last = at;
      if (received % 16 === 0) child?.send(received + WINDOW);
      progress();
    };
    child = spawn(
      process.execPath,
      ['--input-type=module', '-e', SENDER, String(local.port), String(count), String(payloadBytes)],
      {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    await within(once(child, 'message'), 10_000, 'the UDP sender to start');
    child.send(WINDOW);
    // Done when every datagram arrived, or none did for 500 ms (the kernel dropped the rest).
    const run = async () => {
      while (received < count) {
        const before = received;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, received === 0 ? 10_000 : 500);
          progress = () => {
            if (received < count && received % 1000 !== 0) return;
            clearTimeout(timer);
            resolve();
          };
        });
        progress = () => {};
        if (received === before) break;
      }
    };
    await within(run(), 120_000, 'the session event-rate run');
    // Rate between the first and the last event seen: start-up costs left out, as for the bare run.
    const seconds = (last - first) / 1000;
    return {
      result: { events: received, seconds, perSecond: (received - 1) / seconds, frames, lost: count - received },
      sample: sample!,
    };
  } finally {
    child?.disconnect();
    child?.kill();
    client.close();
    await server.close();
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
