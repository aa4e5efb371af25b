/**
 * One client process of the sessions bench (bench/sessions.ts): opens
 * <sessions> Allô sessions, each with two bound UDP sockets, then, on "go",
 * makes every socket send one datagram a second to the other for <seconds>
 * (each session at its own phase in the second). Per send it measures the
 * command's reply time (the `send` leaving → its reply parsed) and the event
 * delay (the `send` leaving → the other socket's `received` event parsed: the
 * whole trip through the server, the kernel and back). It checks every
 * session's seq numbers for gaps. Usage (IPC to the parent):
 *
 *     node --import tsx bench/lib/sessionsDriver.ts <ws-url> <sessions ≤ 500> <seconds ≤ 60>
 *
 * Sends "ready" once every session is open, then {report} after the exchange.
 * Loopback only; bounded in sessions, time and sends.
 */
import { LeanClient } from './leanClient';

const [url, sessionsText, secondsText] = process.argv.slice(2);
const sessions = Number(sessionsText);
const seconds = Number(secondsText);
if (!url || !(sessions >= 1 && sessions <= 500) || !(seconds > 0 && seconds <= 60) || !process.send) {
  console.error('usage (with an IPC channel): sessionsDriver.ts <ws-url> <sessions 1..500> <seconds ≤ 60>');
  process.exit(2);
}

export interface DriverReport {
  sessions: number;
  sends: number;
  /** ms, one per send. */
  replies: number[];
  /** ms, one per datagram received. */
  delays: number[];
  seqGaps: number;
  /** Datagrams sent whose `received` event never came. */
  missing: number;
  shed: number;
  /** Sends refused or unanswered (10 s). */
  errors: number;
}

interface Peer {
  client: LeanClient;
  sockets: { id: string; port: number }[];
  /** Text sent → when its `send` left, awaiting its `received`. */
  pending: Map<string, number>;
  lastSeq: number;
}

const replies: number[] = [];
const delays: number[] = [];
let seqGaps = 0;
let shed = 0;
let errors = 0;

async function open(n: number): Promise<Peer> {
  const peer: Peer = { client: undefined as unknown as LeanClient, sockets: [], pending: new Map(), lastSeq: 0 };
  const client = await LeanClient.connect(url!, (e, at) => {
    if (e.seq !== peer.lastSeq + 1) {
      seqGaps++;
      if (process.env.ALLO_BENCH_DEBUG)
        console.error(`gap: session ${n} expected ${peer.lastSeq + 1}, got ${e.seq} (${e.kind})`);
    }
    peer.lastSeq = e.seq;
    if (e.kind !== 'received' || !e.data.text) return;
    const sentAt = peer.pending.get(e.data.text);
    if (sentAt === undefined) return;
    peer.pending.delete(e.data.text);
    delays.push(at - sentAt);
  });
  peer.client = client;
  client.ws.on('message', (raw) => {
    const m = /"shed":(\d+)/.exec(raw.toString().slice(-32));
    if (m) shed = Math.max(shed, Number(m[1]));
  });
  for (let i = 0; i < 2; i++) {
    const { socket } = (await client.call({ op: 'socket', proto: 'udp', family: 4, label: `s${n}.${i}` })) as {
      socket: string;
    };
    const { local } = (await client.call({ op: 'bind', socket, port: 0 })) as { local: { port: number } };
    peer.sockets.push({ id: socket, port: local.port });
  }
  return peer;
}

const peers: Peer[] = [];
// A few at a time, as a class arriving, not all in one instant.
for (let i = 0; i < sessions; i += 10) {
  peers.push(...(await Promise.all(Array.from({ length: Math.min(10, sessions - i) }, (_, j) => open(i + j)))));
}
process.send('ready');

async function exchange(): Promise<void> {
  const rounds = Math.floor(seconds);
  let sends = 0;
  await Promise.all(
    peers.map(async (p, n) => {
      // Each session at its own phase in the second.
      await new Promise((r) => setTimeout(r, (n / peers.length) * 1000));
      const start = performance.now();
      for (let r = 0; r < rounds; r++) {
        await Promise.all(
          p.sockets.map(async (s, i) => {
            const to = p.sockets[1 - i]!;
            const text = `s${n} r${r} from ${i}`;
            const t0 = performance.now();
            p.pending.set(text, t0);
            sends++;
            try {
              await p.client.call({
                op: 'send',
                socket: s.id,
                data: { text },
                to: { host: '127.0.0.1', port: to.port },
              });
              replies.push(performance.now() - t0);
            } catch {
              errors++;
              p.pending.delete(text);
            }
          }),
        );
        const next = start + (r + 1) * 1000 - performance.now();
        if (next > 0) await new Promise((res) => setTimeout(res, next));
      }
    }),
  );
  // The last datagrams' events: a moment to arrive.
  const until = performance.now() + 5000;
  while (peers.some((p) => p.pending.size > 0) && performance.now() < until)
    await new Promise((r) => setTimeout(r, 50));
  const report: DriverReport = {
    sessions: peers.length,
    sends,
    replies,
    delays,
    seqGaps,
    missing: peers.reduce((s, p) => s + p.pending.size, 0),
    shed,
    errors,
  };
  process.send!({ report });
}

process.on('message', (m) => {
  if (m === 'go') void exchange();
});
process.on('disconnect', () => {
  for (const p of peers) p.client.close();
  process.exit(0);
});
setTimeout(() => process.exit(3), (seconds + 240) * 1000).unref();
