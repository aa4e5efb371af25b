/**
 * bind() on TCP is a real bind in the kernel, at once: the `bound` event has the
 * kernel's number, the kernel's EADDRINUSE comes on `syscall: "bind"`, and the
 * number is the one a later listen() or connect() uses — checked against the
 * kernel's own table (`ss`), on real loopback sockets.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import { loopback, openSocket } from '../testing/scenarios';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The kernel's listening sockets on `port`, as `ss` prints them. */
const ssListening = (port: number) =>
  execFileSync('ss', ['-tln', `sport = :${port}`], { encoding: 'utf8' })
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());

describe.each([4, 6] as const)('TCP bind() over IPv%i', (family) => {
  const lo = loopback(family);

  it('refuses a number another program listens on with EADDRINUSE from bind(), and the socket may bind again', async () => {
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, lo, r));
    const taken = (other.address() as net.AddressInfo).port;
    try {
      const c = await server.client();
      const s = await openSocket(c, 'tcp', family);
      expect(await c.fail({ op: 'bind', socket: s, address: lo, port: taken })).toMatchObject({
        code: 'EADDRINUSE',
        syscall: 'bind',
      });
      const err = await c.waitFor('error', (e) => e.socket === s);
      expect(err).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind' });
      expect(c.eventsOf('bound', s)).toHaveLength(0);
      // As in C, a refused bind() leaves a socket that may try another number.
      const again = await c.ok({ op: 'bind', socket: s, address: lo, port: 0 });
      expect(again.local.port).not.toBe(taken);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });

  it('a bound socket listens on the number bind() reported, even with the port field empty', async () => {
    const c = await server.client();
    const s = await openSocket(c, 'tcp', family);
    const { local } = await c.ok({ op: 'bind', socket: s, port: 0 });
    // Bound but not listening: the kernel has no listener there yet.
    expect(ssListening(local.port)).toEqual([]);
    const listening = await c.ok({ op: 'listen', socket: s });
    expect(listening.local).toEqual(local);
    expect(ssListening(local.port)).toHaveLength(1);
    // listen() takes no address in C: another number is refused, not silently bound elsewhere.
    const t = await openSocket(c, 'tcp', family);
    const b = await c.ok({ op: 'bind', socket: t, port: 0 });
    expect(
      await c.fail({ op: 'listen', socket: t, port: b.local.port === 65535 ? 1024 : b.local.port + 1 }),
    ).toMatchObject({
      code: 'BAD_STATE',
    });
  });

  it('a bound socket dials from its number: the peer sees that port', async () => {
    const peer = net.createServer();
    const seen = new Promise<number>((resolve) => peer.once('connection', (conn) => resolve(conn.remotePort ?? -1)));
    await new Promise<void>((r) => peer.listen(0, lo, r));
    try {
      const c = await server.client();
      const s = await openSocket(c, 'tcp', family);
      const { local } = await c.ok({ op: 'bind', socket: s, address: lo, port: 0 });
      await c.ok({ op: 'connect', socket: s, host: lo, port: (peer.address() as net.AddressInfo).port });
      expect(await seen).toBe(local.port);
      const connecting = await c.waitFor('connecting', (e) => e.socket === s);
      expect(connecting.local).toEqual(local);
      expect((await c.waitFor('connected', (e) => e.socket === s)).local).toEqual(local);
      await c.ok({ op: 'close', socket: s });
    } finally {
      await new Promise((r) => peer.close(r));
    }
  });

  it('closing a socket that was only bound frees its number', async () => {
    const c = await server.client();
    const s = await openSocket(c, 'tcp', family);
    const { local } = await c.ok({ op: 'bind', socket: s, address: lo, port: 0 });
    await c.ok({ op: 'close', socket: s });
    await c.waitFor('closed', (e) => e.socket === s);
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(local.port, lo, resolve);
    });
    await new Promise((r) => probe.close(r));
  });
});
