/**
 * Soak (issue 11 point 6): 100 sessions × 8 sockets exchanging for a fixed time
 * through one in-process server — per session a TCP listener with two calls
 * (2 diallers + 2 accepted) and a ring of 3 UDP sockets. Prints seq gaps and
 * events lost (both should be 0), file descriptors before and after (equal:
 * nothing leaked), heap and RSS. The clients share the process, so the heap
 * and RSS figures are the server's plus its clients'. Loopback only; bounded
 * in time (the exchange) and in count (rounds per session).
 */
import { readdirSync } from 'node:fs';
import { createAlloServer } from '../server/app';
import { AlloTestClient } from '../server/testing/client';
import { listener as openListener, openSocket } from '../server/testing/scenarios';
import { eventually } from '../server/testing/wait';

export interface SoakFigure {
  sessions: number;
  socketsPerSession: number;
  seconds: number;
  rounds: number;
  sends: number;
  seqGaps: number;
  shed: number;
  lost: number;
  fdsBefore: number;
  fdsDuring: number;
  fdsAfter: number;
  heap: number;
  rss: number;
}

const fds = () => readdirSync('/proc/self/fd').length;
const MAX_ROUNDS = 10_000;

interface Peer {
  c: AlloTestClient;
  diallers: string[];
  accepted: string[];
  udp: { socket: string; port: number }[];
}

async function openSession(url: string): Promise<Peer> {
  const c = await AlloTestClient.connect(url, { timeoutMs: 30_000 });
  const l = await openListener(c, 4);
  const diallers: string[] = [];
  for (let i = 0; i < 2; i++) {
    const d = await openSocket(c, 'tcp', 4);
    await c.ok({ op: 'connect', socket: d, host: '127.0.0.1', port: l.local.port });
    await c.waitFor('connected', (e) => e.socket === d);
    diallers.push(d);
  }
  await c.until(() => c.eventsOf('accepted', l.socket).length === 2, 'two calls accepted');
  const accepted = c.eventsOf('accepted', l.socket).map((e) => e.child);
  const udp: Peer['udp'] = [];
  for (let i = 0; i < 3; i++) {
    const socket = await openSocket(c, 'udp', 4);
    const { local } = await c.ok({ op: 'bind', socket, port: 0 });
    udp.push({ socket, port: local.port });
  }
  return { c, diallers, accepted, udp };
}

export async function measureSoak(sessions = 100, seconds = 10): Promise<SoakFigure> {
  const fdsBefore = fds();
  const server = await createAlloServer({
    host: '127.0.0.1',
    port: 0,
    // Every session comes from loopback, one client to the per-client caps: lifted, or a fast machine is refused 429.
    limits: {
      maxSessions: sessions + 10,
      maxSessionsPerClient: sessions + 10,
      maxUpgradesPerSecondPerClient: 1_000_000,
    },
  });
  let figure: SoakFigure;
  try {
    const peers: Peer[] = [];
    for (let i = 0; i < sessions; i++) peers.push(await openSession(server.wsUrl));
    const fdsDuring = fds();
    const until = performance.now() + seconds * 1000;
    let rounds = 0;
    let sends = 0;
    // Each session: one message on each call (both ways) and one postcard around the UDP ring, per round.
    // 7 commands a round stays well under maxCommandsPerSecond at this pace.
    await Promise.all(
      peers.map(async (p, n) => {
        for (let r = 0; r < MAX_ROUNDS && performance.now() < until; r++) {
          const text = `s${n} r${r} `.padEnd(64, '.');
          const all = [
            ...p.diallers.map((socket) => p.c.ok({ op: 'send', socket, data: { text } })),
            ...p.accepted.map((socket) => p.c.ok({ op: 'send', socket, data: { text } })),
            ...p.udp.map(({ socket }, i) =>
              p.c.ok({
                op: 'send',
                socket,
                data: { text },
                to: { host: '127.0.0.1', port: p.udp[(i + 1) % p.udp.length]!.port },
              }),
            ),
          ];
          await Promise.all(all);
          sends += all.length;
          if (n === 0) rounds++;
          await new Promise((res) => setTimeout(res, 30));
        }
      }),
    );
    // Wait until every byte and postcard sent has been received (or 20 s), then count.
    const bytesOf = (p: Peer, kind: 'sent' | 'received', ids: string[]) =>
      ids.reduce((sum, id) => sum + p.c.eventsOf(kind, id).reduce((s, e) => s + e.bytes, 0), 0);
    const missing = (p: Peer) => {
      const tcp = [...p.diallers, ...p.accepted];
      const udp = p.udp.map((u) => u.socket);
      return (
        bytesOf(p, 'sent', tcp) -
        bytesOf(p, 'received', tcp) +
        (udp.reduce((s, id) => s + p.c.eventsOf('sent', id).length, 0) -
          udp.reduce((s, id) => s + p.c.eventsOf('received', id).length, 0))
      );
    };
    await eventually(() => peers.every((p) => missing(p) === 0), 'every message received', 20_000).catch(() => {});
    let seqGaps = 0;
    let shed = 0;
    let lost = 0;
    for (const p of peers) {
      const seqs = p.c.events.map((e) => e.seq);
      for (let i = 0; i < seqs.length; i++) if (seqs[i] !== i + 1) seqGaps++;
      shed += p.c.shed;
      lost += Math.max(0, missing(p));
    }
    const m = process.memoryUsage();
    for (const p of peers) p.c.ws.close();
    await eventually(() => server.stats().sessions === 0 || server.stats().websockets === 0, 'clients gone', 10_000);
    figure = {
      sessions,
      socketsPerSession: 8,
      seconds,
      rounds,
      sends,
      seqGaps,
      shed,
      lost,
      fdsBefore,
      fdsDuring,
      fdsAfter: 0,
      heap: m.heapUsed + m.external,
      rss: m.rss,
    };
  } finally {
    await server.close();
  }
  // Give the kernel a moment to let the last descriptors go.
  await eventually(() => fds() <= fdsBefore, 'descriptors back to where they were', 5000).catch(() => {});
  figure.fdsAfter = fds();
  return figure;
}

export function formatSoak(f: SoakFigure): string[] {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  return [
    `${f.sessions} sessions × ${f.socketsPerSession} sockets for ${f.seconds} s: ${f.rounds} rounds, ${f.sends.toLocaleString('en-US')} sends`,
    `  seq gaps ${f.seqGaps}, events shed ${f.shed}, messages lost ${f.lost} (all should be 0)`,
    `  file descriptors: before ${f.fdsBefore}, during ${f.fdsDuring}, after ${f.fdsAfter}`,
    `  heap+external ${mb(f.heap)}, RSS ${mb(f.rss)} (server and its clients, one process)`,
  ];
}

// Alone: node --import tsx bench/soak.ts [sessions] [seconds]
if (process.argv[1]?.endsWith('soak.ts')) {
  const f = await measureSoak(Number(process.argv[2] ?? 100), Number(process.argv[3] ?? 10));
  for (const l of formatSoak(f)) console.log(l);
  process.exit(0);
}
