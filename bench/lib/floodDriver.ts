/**
 * The other end of the flood-memory benchmark, in its own process so that its
 * clients and its flood do not weigh on the server being measured. Usage:
 *
 *     node --import tsx bench/lib/floodDriver.ts <ws-url> <sessions> <seconds>
 *
 * Opens <sessions> sessions, each with a bound UDP socket, then stops reading
 * every WebSocket (a slow reader) and prints "ready". On "go" (stdin) it floods
 * every socket with 4 KB datagrams, round robin, for <seconds> (bounded in count
 * too), prints "flooded <n>"; on "read" it reads session 0 again until it is
 * quiet and prints "report <json>". Loopback only; ends when stdin closes (or 180 s).
 */
import dgram from 'node:dgram';
import type net from 'node:net';
import { createInterface } from 'node:readline';
import { AlloTestClient } from '../../server/testing/client';

const [url, sessionsText, secondsText] = process.argv.slice(2);
const sessions = Number(sessionsText);
const seconds = Number(secondsText);
if (!url || !(sessions >= 1 && sessions <= 200) || !(seconds > 0 && seconds <= 30)) {
  console.error('usage: floodDriver.ts <ws-url> <sessions 1..200> <seconds ≤ 30>');
  process.exit(2);
}

const DATAGRAM = Buffer.alloc(4096, 0x61);
/** At most this many datagrams in all, whatever the time: 1.5 GB of flood. */
const MAX_DATAGRAMS = 400_000;
const INFLIGHT = 256;

const clients: AlloTestClient[] = [];
const ports: number[] = [];
for (let i = 0; i < sessions; i++) {
  const c = await AlloTestClient.connect(url, { timeoutMs: 20_000 });
  const { socket } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
  const { local } = await c.ok({ op: 'bind', socket, port: 0 });
  clients.push(c);
  ports.push(local.port);
}
const raw = (c: AlloTestClient) => (c.ws as unknown as { _socket: net.Socket })._socket;
for (const c of clients) raw(c).pause();
console.log('ready');

async function flood(): Promise<number> {
  const sender = dgram.createSocket('udp4');
  await new Promise<void>((r) => sender.bind(0, '127.0.0.1', r));
  const until = performance.now() + seconds * 1000;
  let sent = 0;
  let inflight = 0;
  let next = 0;
  await new Promise<void>((done) => {
    const pump = () => {
      while (inflight < INFLIGHT && sent < MAX_DATAGRAMS && performance.now() < until) {
        inflight++;
        sent++;
        sender.send(DATAGRAM, ports[next]!, '127.0.0.1', () => {
          inflight--;
        });
        next = (next + 1) % ports.length;
      }
      if (sent >= MAX_DATAGRAMS || performance.now() >= until) done();
      else setImmediate(pump);
    };
    pump();
  });
  sender.close();
  return sent;
}

async function readSessionZero(): Promise<{ received: number; shed: number; lastSeq: number; gaps: number }> {
  const c = clients[0]!;
  raw(c).resume();
  // Read until nothing has arrived for a second (at most 30 s).
  const deadline = performance.now() + 30_000;
  let seen = -1;
  while (performance.now() < deadline && seen !== c.events.length) {
    seen = c.events.length;
    await new Promise((r) => setTimeout(r, 1000));
  }
  // Seq numbers the client never got and that no `shed` count accounts for.
  const seqs = c.events.map((e) => e.seq);
  let holes = 0;
  for (let i = 1; i < seqs.length; i++) holes += seqs[i]! - seqs[i - 1]! - 1;
  return { received: c.events.length, shed: c.shed, lastSeq: c.lastSeq, gaps: Math.max(0, holes - c.shed) };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'go') void flood().then((n) => console.log(`flooded ${n}`));
  if (line === 'read') void readSessionZero().then((r) => console.log(`report ${JSON.stringify(r)}`));
});
const quit = () => {
  for (const c of clients) c.ws.terminate();
  process.exit(0);
};
lines.on('close', quit);
setTimeout(quit, 180_000).unref();
