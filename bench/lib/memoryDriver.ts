/**
 * The other end of the memory benchmark, in its own process so that its
 * WebSockets do not weigh on the server being measured. Usage:
 *
 *     node --import tsx bench/lib/memoryDriver.ts <ws-url> sessions|tcp|udp <count>
 *
 * Opens what it is asked for, prints "ready", and holds everything open until
 * its stdin closes (or 120 s pass). Uses the server core's test client.
 */
import { AlloTestClient } from '../../server/testing/client';

const [url, mode, countText] = process.argv.slice(2);
const count = Number(countText);
if (!url || !mode || !Number.isInteger(count) || count < 1 || count > 2000) {
  console.error('usage: memoryDriver.ts <ws-url> sessions|tcp|udp <count 1..2000>');
  process.exit(2);
}

const clients: AlloTestClient[] = [];
const connect = async () => {
  const c = await AlloTestClient.connect(url, { timeoutMs: 20_000 });
  clients.push(c);
  return c;
};

if (mode === 'sessions') {
  for (let i = 0; i < count; i++) await connect();
} else if (mode === 'udp') {
  const c = await connect();
  for (let i = 0; i < count; i++) {
    const { socket } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
    await c.ok({ op: 'bind', socket, port: 0 });
  }
} else if (mode === 'tcp') {
  // count sockets in calls: count/2 dialled, count/2 accepted by one listener.
  const c = await connect();
  const { socket: listener } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  const { local } = await c.ok({ op: 'listen', socket: listener, port: 0, backlog: 511 });
  for (let i = 0; i < count / 2; i++) {
    const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
    await c.ok({ op: 'connect', socket, host: '127.0.0.1', port: local.port });
    await c.waitFor('connected', (e) => e.socket === socket);
  }
  await c.until(() => c.eventsOf('accepted', listener).length === count / 2, 'every call accepted', 20_000);
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

console.log('ready');
const quit = () => {
  for (const c of clients) c.ws.terminate();
  process.exit(0);
};
process.stdin.on('end', quit);
process.stdin.on('close', quit);
process.stdin.resume();
setTimeout(quit, 120_000).unref();
