/**
 * (b) Round-trip time of a TCP echo: a session's client socket talking to an
 * echo server on loopback, against a plain `net` client talking to the same
 * echo server. Three processes, as in real use: the Allô server
 * (server/main.ts), the echo peer, and this bench (the WebSocket client and the
 * plain client), so no figure pays for another's work on a shared event loop.
 *
 * Three figures per ping:
 * - through the session: from the WebSocket client sending `send` to it
 *   parsing the `received` event (includes both WebSocket hops and the server);
 * - as Allô shows it: the session's own timestamps, `t(received) − t(sent)`
 *   for the same stream offset (kernel took the bytes → bytes came back);
 * - plain net: `write()` to `'data'` in a bare Node client.
 * Pings alternate in blocks between the session and plain net, so a noisy
 * neighbour hurts both alike. Both are measured warm: `warmup` pings of each
 * first (1,000 by default), because the server's path (ws, JSON, zod, the
 * session) runs in V8's optimised code only after some thousands of runs,
 * while a plain write/read is tiny; with 50 warm-up pings the session's p50
 * came out 2–3× slower than warm (the profile shows the compiler, not the path).
 */
import { once } from 'node:events';
import net from 'node:net';
import { startChildServer, startEchoProcess } from './lib/childServer';
import { LeanClient } from './lib/leanClient';
import { summarise, within, type Summary } from './lib/stats';

export interface EchoRttResult {
  session: Summary;
  sessionEvents: Summary;
  plain: Summary;
  /** session p50 / plain p50 */
  ratio: number;
  /** sessionEvents p50 / plain p50 */
  eventsRatio: number;
}

const MESSAGE = 'Allô ? '.padEnd(32, '.');

export async function measureEchoRtt(blocks = 10, perBlock = 50, warmup = 1000): Promise<EchoRttResult> {
  const echo = await startEchoProcess();
  const echoPort = echo.port;
  // The command rate limit (200/s) is a classroom safeguard, not a cost: lifted so pings go back to back.
  const server = await startChildServer(['--limit', 'maxCommandsPerSecond=1000000']);
  const client = await LeanClient.connect(server.wsUrl);
  const plain = net.connect(echoPort, '127.0.0.1');
  plain.on('error', () => {});
  try {
    await once(plain, 'connect');
    const session = await sessionPinger(client, echoPort);
    const plainPing = plainPinger(plain);
    for (let i = 0; i < warmup; i++) {
      await session.ping();
      await plainPing();
    }
    const viaSession: number[] = [];
    const viaEvents: number[] = [];
    const viaPlain: number[] = [];
    const run = async () => {
      for (let b = 0; b < blocks; b++) {
        for (let i = 0; i < perBlock; i++) {
          const r = await session.ping();
          viaSession.push(r.ws);
          viaEvents.push(r.events);
        }
        for (let i = 0; i < perBlock; i++) viaPlain.push(await plainPing());
      }
    };
    await within(run(), 120_000, 'the echo RTT run');
    const s = summarise(viaSession);
    const e = summarise(viaEvents);
    const p = summarise(viaPlain);
    return { session: s, sessionEvents: e, plain: p, ratio: s.p50 / p.p50, eventsRatio: e.p50 / p.p50 };
  } finally {
    plain.destroy();
    client.close();
    await server.stop();
    echo.stop();
  }
}

async function sessionPinger(client: LeanClient, echoPort: number) {
  const { socket } = (await client.call({ op: 'socket', proto: 'tcp', family: 4, label: 'ping' })) as {
    socket: string;
  };
  const sentAt = new Map<number, number>(); // stream offset → event t
  let rxBytes = 0;
  let waiter: ((e: { at: number; t: number; offset: number }) => void) | undefined;
  let connected: () => void = () => {};
  const isConnected = new Promise<void>((resolve) => (connected = resolve));
  client.onEvent = (e, at) => {
    if (!('socket' in e) || e.socket !== socket) return;
    if (e.kind === 'connected') connected();
    else if (e.kind === 'sent') sentAt.set(e.offset, e.t);
    else if (e.kind === 'received') {
      rxBytes += e.bytes;
      waiter?.({ at, t: e.t, offset: e.offset });
    }
  };
  await client.call({ op: 'connect', socket, host: '127.0.0.1', port: echoPort });
  await within(isConnected, 10_000, 'connecting the session to the echo server');
  const size = Buffer.byteLength(MESSAGE);

  return {
    async ping(): Promise<{ ws: number; events: number }> {
      const target = rxBytes + size;
      const offset = rxBytes;
      const t0 = performance.now();
      let firstT = 0;
      const done = new Promise<number>((resolve) => {
        waiter = (r) => {
          if (r.offset === offset) firstT = r.t;
          if (rxBytes >= target) resolve(r.at);
        };
      });
      client.fire({ op: 'send', socket, data: { text: MESSAGE } });
      const at = await within(done, 10_000, 'an echo through the session');
      waiter = undefined;
      const sentT = sentAt.get(offset);
      sentAt.delete(offset);
      return { ws: at - t0, events: sentT === undefined ? NaN : firstT - sentT };
    },
  };
}

function plainPinger(sock: net.Socket) {
  const size = Buffer.byteLength(MESSAGE);
  return async (): Promise<number> => {
    let got = 0;
    const t0 = performance.now();
    const done = new Promise<number>((resolve) => {
      const onData = (d: Buffer) => {
        got += d.byteLength;
        if (got >= size) {
          sock.off('data', onData);
          resolve(performance.now());
        }
      };
      sock.on('data', onData);
    });
    sock.write(MESSAGE);
    return (await within(done, 10_000, 'a plain net echo')) - t0;
  };
}
