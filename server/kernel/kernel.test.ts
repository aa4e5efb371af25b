/**
 * The kernel observer against real sockets on loopback: what /proc/net says must
 * match the sockets this test opens. Polling loops are bounded in count.
 */
import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeAddress,
  findKernelSocket,
  kernelTableReadable,
  parseProcNet,
  readKernelSockets,
  type KernelSocket,
} from './index';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function listen(
  host: string,
  opts: { pauseOnConnect?: boolean; allowHalfOpen?: boolean } = {},
): Promise<{ server: Server; port: number; accepted: Promise<Socket> }> {
  const server = createServer(opts);
  const accepted = once(server, 'connection').then(([s]) => s as Socket);
  server.listen(0, host);
  await once(server, 'listening');
  cleanup.push(() => server.close());
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, accepted };
}

async function dial(host: string, port: number): Promise<Socket> {
  const socket = connect(port, host);
  cleanup.push(() => socket.destroy());
  await once(socket, 'connect');
  return socket;
}

/** Reads the table until `pick` finds an entry satisfying `ok` (at most 100 reads). */
async function poll(pick: (list: KernelSocket[]) => KernelSocket | undefined, ok: (s: KernelSocket) => boolean) {
  let last: KernelSocket | undefined;
  for (let i = 0; i < 100; i++) {
    last = pick(await readKernelSockets());
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  return last;
}

describe('parseProcNet', () => {
  const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0
   1: 0100007F:C350 0100007F:0BB8 01 0000001A:00000000 01:00000014 00000000  1000        0 4243 3 0 20 4 30 10 -1
garbage`;
  const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200007F:D431 06 00000000:00000000 03:00000E5F 00000000     0        0 0 3 0`;

  it('decodes little-endian IPv4 words, ports, states and queues', () => {
    const [listener, client] = parseProcNet(TCP, 'tcp', true);
    expect(listener).toEqual({
      proto: 'tcp',
      family: 4,
      local: { address: '127.0.0.1', port: 3000 },
      remote: { address: '0.0.0.0', port: 0 },
      state: 'LISTEN',
      txQueue: 0,
      rxQueue: 2,
      uid: 1000,
      inode: 4242,
    });
    expect(client).toMatchObject({
      state: 'ESTABLISHED',
      local: { port: 50000 },
      remote: { address: '127.0.0.1', port: 3000 },
      txQueue: 26,
    });
  });

  it('decodes IPv6 word by word, including IPv4-mapped addresses', () => {
    const [listener, timeWait] = parseProcNet(TCP6, 'tcp', true);
    expect(listener).toMatchObject({
      family: 6,
      local: { address: '::1', port: 8080 },
      remote: { address: '::', port: 0 },
      state: 'LISTEN',
    });
    expect(timeWait).toMatchObject({
      local: { address: '::ffff:127.0.0.1' },
      remote: { address: '::ffff:127.0.0.2', port: 54321 },
      state: 'TIME_WAIT',
    });
  });

  it('reads the TIME_WAIT timer (USER_HZ ticks) as ms left', () => {
    const [, timeWait] = parseProcNet(TCP6, 'tcp', true);
    // 03:00000E5F: the TIME_WAIT timer, 0xE5F = 3679 ticks of 10 ms.
    expect(timeWait?.timerMs).toBe(36790);
  });

  it('never counts a FIN as a byte of the send queue', () => {
    const line = (st: string, tx: string) =>
      `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:C350 0100007F:0BB8 ${st} ${tx}:00000000 01:00000014 00000000  1000        0 1 1 0`;
    // FIN_WAIT1 with only the FIN unacknowledged: write_seq - snd_una is 1, yet no byte waits.
    expect(parseProcNet(line('04', '00000001'), 'tcp', true)[0]).toMatchObject({ state: 'FIN_WAIT1', txQueue: 0 });
    expect(parseProcNet(line('09', '00000006'), 'tcp', true)[0]).toMatchObject({ state: 'LAST_ACK', txQueue: 5 });
    expect(parseProcNet(line('01', '00000006'), 'tcp', true)[0]).toMatchObject({ state: 'ESTABLISHED', txQueue: 6 });
  });

  it('reads big-endian words as they are', () => {
    expect(decodeAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeAddress('00000000000000000000000000000001', false)).toBe('::1');
  });

  it('names UDP states as ss does', () => {
    const udp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  1: 0100007F:0007 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2 0 0
  2: 0100007F:0008 0100007F:0007 01 00000000:00000000 00:00000000 00000000     0        0 2 2 0 0`;
    expect(parseProcNet(udp, 'udp', true).map((s) => s.state)).toEqual(['UNCONN', 'ESTABLISHED']);
  });
});

describe.runIf(kernelTableReadable())('readKernelSockets on this machine', () => {
  it('sees a listener, and both ends of a call, with their ports (IPv4)', async () => {
    const { port, accepted } = await listen('127.0.0.1');
    const client = await dial('127.0.0.1', port);
    const server = await accepted;
    cleanup.push(() => server.destroy());
    const list = await readKernelSockets({ proto: 'tcp' });
    expect(findKernelSocket(list, { address: '127.0.0.1', port })?.state).toBe('LISTEN');
    const clientEnd = findKernelSocket(
      list,
      { address: '127.0.0.1', port: client.localPort! },
      { address: '127.0.0.1', port },
    );
    expect(clientEnd).toMatchObject({ proto: 'tcp', family: 4, state: 'ESTABLISHED' });
    const serverEnd = findKernelSocket(
      list,
      { address: '127.0.0.1', port },
      { address: '127.0.0.1', port: client.localPort! },
    );
    expect(serverEnd?.state).toBe('ESTABLISHED');
  });

  it('sees IPv6 loopback sockets', async () => {
    const { port, accepted } = await listen('::1');
    const client = await dial('::1', port);
    cleanup.push(() => void accepted.then((s) => s.destroy()));
    const list = await readKernelSockets({ proto: 'tcp' });
    expect(findKernelSocket(list, { address: '::1', port })).toMatchObject({ family: 6, state: 'LISTEN' });
    expect(findKernelSocket(list, { address: '::1', port: client.localPort! }, { address: '::1', port })?.state).toBe(
      'ESTABLISHED',
    );
  });

  it('counts bytes a paused receiver has not read (rx) and the sender could not get acknowledged (tx)', async () => {
    const { port, accepted } = await listen('127.0.0.1', { pauseOnConnect: true });
    const client = await dial('127.0.0.1', port);
    const server = await accepted;
    cleanup.push(() => server.destroy());
    client.write(Buffer.alloc(8 * 1024 * 1024, 0x61)); // far more than loopback buffers hold
    const local = { address: '127.0.0.1', port };
    const remote = { address: '127.0.0.1', port: client.localPort! };
    const receiver = await poll(
      (l) => findKernelSocket(l, local, remote),
      (s) => s.rxQueue > 0,
    );
    expect(receiver?.rxQueue).toBeGreaterThan(0);
    const sender = await poll(
      (l) => findKernelSocket(l, remote, local),
      (s) => s.txQueue > 0,
    );
    expect(sender?.txQueue).toBeGreaterThan(0);
  });

  it('sees the half-closed states after a FIN: FIN_WAIT2 on the side that said bye, CLOSE_WAIT on the other', async () => {
    // allowHalfOpen: the listener's side keeps its half open after the FIN, as in C until close().
    const { port, accepted } = await listen('127.0.0.1', { allowHalfOpen: true });
    const client = await dial('127.0.0.1', port);
    const server = await accepted;
    server.resume();
    cleanup.push(() => server.destroy());
    client.end();
    const local = { address: '127.0.0.1', port: client.localPort! };
    const remote = { address: '127.0.0.1', port };
    const serverEnd = await poll(
      (l) => findKernelSocket(l, remote, local),
      (s) => s.state === 'CLOSE_WAIT',
    );
    expect(serverEnd?.state).toBe('CLOSE_WAIT');
    const clientEnd = await poll(
      (l) => findKernelSocket(l, local, remote),
      (s) => s.state === 'FIN_WAIT2',
    );
    expect(clientEnd?.state).toBe('FIN_WAIT2');
  });

  it('tells a UDP socket from a TCP one on the same port, and sees a connected UDP socket', async () => {
    const udp = createSocket('udp4');
    cleanup.push(() => udp.close());
    udp.bind(0, '127.0.0.1');
    await once(udp, 'listening');
    const port = udp.address().port;
    const peer = createSocket('udp4');
    cleanup.push(() => peer.close());
    peer.bind(0, '127.0.0.1');
    await once(peer, 'listening');
    peer.connect(port, '127.0.0.1');
    await once(peer, 'connect');
    const list = await readKernelSockets({ proto: 'udp' });
    expect(findKernelSocket(list, { address: '127.0.0.1', port }, undefined, 'udp')?.state).toBe('UNCONN');
    expect(findKernelSocket(list, { address: '127.0.0.1', port }, undefined, 'tcp')).toBeUndefined();
    const connected = findKernelSocket(
      list,
      { address: '127.0.0.1', port: peer.address().port },
      { address: '127.0.0.1', port },
    );
    expect(connected?.state).toBe('ESTABLISHED');
  });
});

describe('without /proc/net', () => {
  it('reports the capability as false and reads nothing', async () => {
    expect(kernelTableReadable('/nonexistent/proc/net')).toBe(false);
    expect(await readKernelSockets({ root: '/nonexistent/proc/net' })).toEqual([]);
  });
});
