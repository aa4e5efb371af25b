/**
 * The kernel watch reads only the /proc/net tables that hold some session's
 * socket (a TCP table read walks the kernel's whole connection hash), and
 * looks sockets up in an index of the sample rather than scanning it once per
 * socket. Both must see exactly what the full read and the scan see.
 */
import net from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKernelSocket, indexKernelSockets, readKernelSocketsSync } from '../kernel';
import { listener, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 20 });
});
afterAll(() => server.close());

describe('the kernel tables read', () => {
  it('one session with sockets in three tables (tcp6, udp, tcp) gets kernel events for each', async () => {
    const c = await server.client();
    const l6 = await listener(c, 6);
    const u4 = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'bind', socket: u4, port: 0 });
    const l4 = await listener(c, 4);
    await c.waitFor('kernel', (e) => e.socket === l6.socket && e.state === 'LISTEN');
    await c.waitFor('kernel', (e) => e.socket === u4 && e.state === 'UNCONN');
    await c.waitFor('kernel', (e) => e.socket === l4.socket && e.state === 'LISTEN');
    await c.close();
  });

  it('only the tables asked for are read', () => {
    const udp = readKernelSocketsSync({ tables: ['udp'] }).sockets;
    expect(udp.every((s) => s.proto === 'udp' && !s.local.address.includes(':'))).toBe(true);
    const tcp6 = readKernelSocketsSync({ tables: ['tcp6'] }).sockets;
    expect(tcp6.every((s) => s.proto === 'tcp' && s.local.address.includes(':'))).toBe(true);
  });
});

describe('indexKernelSockets', () => {
  it('finds what findKernelSocket finds, for every line of the real table, with and without a remote', async () => {
    // Real lines of each kind: a listener, both ends of a call (IPv4 and IPv6), a bound UDP socket.
    const opened: net.Socket[] = [];
    const servers: net.Server[] = [];
    for (const host of ['127.0.0.1', '::1']) {
      const srv = net.createServer((s) => opened.push(s));
      srv.listen(0, host);
      await once(srv, 'listening');
      servers.push(srv);
      const d = net.connect((srv.address() as net.AddressInfo).port, host);
      await once(d, 'connect');
      opened.push(d);
    }
    try {
      const { sockets } = readKernelSocketsSync();
      const index = indexKernelSockets(sockets);
      expect(sockets.length).toBeGreaterThanOrEqual(6);
      for (const s of sockets) {
        expect(index.find(s.local, s.remote, s.proto)).toBe(findKernelSocket(sockets, s.local, s.remote, s.proto));
        expect(index.find(s.local, undefined, s.proto)).toBe(findKernelSocket(sockets, s.local, undefined, s.proto));
        // IPv4-mapped spellings are the same endpoint.
        const mapped = { ...s.local, address: `::ffff:${s.local.address}` };
        if (!s.local.address.includes(':'))
          expect(index.find(mapped, undefined, s.proto)).toBe(findKernelSocket(sockets, mapped, undefined, s.proto));
      }
    } finally {
      for (const s of opened) s.destroy();
      for (const srv of servers) srv.close();
    }
  });
});
