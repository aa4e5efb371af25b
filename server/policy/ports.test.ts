/**
 * Loops and local services (issue 11 point 5), on real sockets: the server's own
 * port is never a target, loopback ports below 1024 are a teacher's opt-in
 * (--allow-port), IPv4-mapped UDP works from an IPv6 socket or is refused with a
 * reason, and loopback's broadcast address is refused like every broadcast.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { AlloTestClient } from '../testing/client';
import { openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';
import { createTargetPolicy } from './targets';

/** A port below 1024 where nothing listens on loopback here or on CI: 9 is "discard", never run. */
const LOW = 9;

let server: TestServer;
let open: TestServer;
let c: AlloTestClient;
beforeAll(async () => {
  server = await startTestServer();
  open = await startTestServer({ allowPorts: ['22,9', '53'] });
  c = await server.client();
});
afterAll(async () => {
  await server.close();
  await open.close();
});

/** A plain IPv4 UDP socket outside Allô, to receive what a session sends. */
async function udpPeer(): Promise<{ port: number; got: Promise<dgram.RemoteInfo>; close: () => void }> {
  const peer = dgram.createSocket('udp4');
  await new Promise<void>((r) => peer.bind(0, '127.0.0.1', r));
  const got = new Promise<dgram.RemoteInfo>((r) => peer.once('message', (_m, rinfo) => r(rinfo)));
  return { port: peer.address().port, got, close: () => peer.close() };
}

describe("the server's own port", () => {
  it.each([
    ['127.0.0.1', 4],
    ['localhost', 4],
    ['::ffff:127.0.0.1', 6],
  ] as const)('is refused as a TCP connect target (%s), nothing dialled', async (host, family) => {
    const s = await openSocket(c, 'tcp', family);
    const err = await c.fail({ op: 'connect', socket: s, host, port: server.port });
    expect(err).toMatchObject({ code: 'POLICY_DENIED', message: expect.stringContaining("Allô's own port") });
    expect(c.kindsOf(s)).toEqual(['created']);
  });

  it('is refused as a UDP sendto and connect target', async () => {
    const u = await openSocket(c, 'udp', 4);
    const to = { host: '127.0.0.1', port: server.port };
    expect(await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to })).toMatchObject({
      code: 'POLICY_DENIED',
      message: expect.stringContaining("Allô's own port"),
    });
    expect(await c.fail({ op: 'connect', socket: u, ...to })).toMatchObject({ code: 'POLICY_DENIED' });
    expect(c.kindsOf(u)).toEqual(['created']);
  });
});

describe('reachable loopback ports', () => {
  it('are reported in welcome', async () => {
    expect(c.welcome?.server.policy).toMatchObject({ minPort: 1024, allowPorts: [] });
    const o = await open.client();
    expect(o.welcome?.server.policy).toMatchObject({ minPort: 1024, allowPorts: [9, 22, 53] });
  });

  it('refuse a system port by default, saying how to allow it', async () => {
    for (const port of [22, 53, LOW, 1023]) {
      const s = await openSocket(c, 'tcp', 4);
      expect(await c.fail({ op: 'connect', socket: s, host: '127.0.0.1', port })).toMatchObject({
        code: 'POLICY_DENIED',
        message: expect.stringContaining(`--allow-port ${port}`),
      });
      expect(c.kindsOf(s)).toEqual(['created']);
    }
    const u = await openSocket(c, 'udp', 6);
    expect(await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to: { host: '::1', port: 53 } })).toMatchObject({
      code: 'POLICY_DENIED',
    });
  });

  it('let an --allow-port port be dialled for real (nothing listens: ECONNREFUSED, and a UDP postcard leaves)', async () => {
    const o = await open.client();
    const s = await openSocket(o, 'tcp', 4);
    await o.ok({ op: 'connect', socket: s, host: '127.0.0.1', port: LOW });
    expect((await o.waitFor('error', (e) => e.socket === s)).code).toBe('ECONNREFUSED');
    const u = await openSocket(o, 'udp', 4);
    await o.ok({ op: 'send', socket: u, data: { text: 'x' }, to: { host: '127.0.0.1', port: LOW } });
    await o.waitFor('sent', (e) => e.socket === u);
    const other = await openSocket(o, 'tcp', 4);
    expect((await o.fail({ op: 'connect', socket: other, host: '127.0.0.1', port: 80 })).code).toBe('POLICY_DENIED');
  });

  it('come from --allow-port and ALLO_ALLOW_PORTS; a malformed one stops the server at start-up', () => {
    expect(
      parseConfig(['--allow-port', '80,22', '--allow-port', '53'], { ALLO_ALLOW_PORTS: '123' }).allowPorts,
    ).toEqual(['22', '53', '80', '123']);
    for (const bad of ['0', '65536', 'ssh', '22-25', '-1']) {
      expect(() => parseConfig(['--allow-port', bad], {})).toThrow(/--allow-port/);
    }
  });

  it('are a pure rule too: any port from 1024, the listed ones below, never the server port', async () => {
    const p = createTargetPolicy({ allow: [], allowPorts: ['22'], serverPort: () => 3000, resolve: async () => [] });
    expect((await p.checkTarget('127.0.0.1', 1024)).ok).toBe(true);
    expect((await p.checkTarget('127.0.0.1', 22)).ok).toBe(true);
    expect((await p.checkTarget('127.0.0.1', 21)).ok).toBe(false);
    expect((await p.checkTarget('127.0.0.9', 3000)).ok).toBe(false);
    expect((await p.checkTarget('::1', 3000)).ok).toBe(false);
    expect((await p.checkTarget('::1', 3001)).ok).toBe(true);
  });
});

describe('IPv4-mapped UDP on an IPv6 socket', () => {
  it('sendto ::ffff:127.0.0.1 works: the socket takes the IPv4 loopback number, the IPv4 peer receives', async () => {
    const peer = await udpPeer();
    try {
      const u = await openSocket(c, 'udp', 6);
      expect(
        await c.ok({
          op: 'send',
          socket: u,
          data: { text: 'mapped' },
          to: { host: '::ffff:127.0.0.1', port: peer.port },
        }),
      ).toEqual({ bytes: 6 });
      const bound = await c.waitFor('bound', (e) => e.socket === u);
      expect(bound.local).toMatchObject({ address: '::ffff:127.0.0.1', family: 6 });
      const sent = await c.waitFor('sent', (e) => e.socket === u);
      expect(sent.to).toMatchObject({ address: '::ffff:127.0.0.1', port: peer.port });
      const rinfo = await peer.got;
      expect(rinfo).toMatchObject({ address: '127.0.0.1', port: bound.local.port });
    } finally {
      peer.close();
    }
  });

  it('connect to ::ffff:127.0.0.1 works on an unbound IPv6 socket', async () => {
    const peer = await udpPeer();
    try {
      const u = await openSocket(c, 'udp', 6);
      await c.ok({ op: 'connect', socket: u, host: '::ffff:127.0.0.1', port: peer.port });
      await c.waitFor('connected', (e) => e.socket === u);
      await c.ok({ op: 'send', socket: u, data: { text: 'hi' } });
      expect((await peer.got).address).toBe('127.0.0.1');
    } finally {
      peer.close();
    }
  });

  it('a socket bound to ::1 is refused with the reason (ENETUNREACH), in the reply, nothing sent', async () => {
    const peer = await udpPeer();
    try {
      const u = await openSocket(c, 'udp', 6);
      await c.ok({ op: 'bind', socket: u, port: 0 });
      const to = { host: '::ffff:127.0.0.1', port: peer.port };
      const err = await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to });
      expect(err).toMatchObject({ code: 'ENETUNREACH', syscall: 'sendto', message: expect.stringContaining('::1') });
      expect(await c.fail({ op: 'connect', socket: u, ...to })).toMatchObject({
        code: 'ENETUNREACH',
        syscall: 'connect',
      });
      expect(c.kindsOf(u)).toEqual(['created', 'bound']);
    } finally {
      peer.close();
    }
  });

  it('a socket with the mapped number cannot reach ::1, and says why', async () => {
    const u = await openSocket(c, 'udp', 6);
    await c.ok({ op: 'bind', socket: u, address: '::ffff:127.0.0.1', port: 0 });
    const err = await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to: { host: '::1', port: 4000 } });
    expect(err).toMatchObject({ code: 'ENETUNREACH', message: expect.stringContaining('IPv4') });
    expect(c.eventsOf('sent', u)).toHaveLength(0);
  });
});

describe('127.255.255.255, loopback broadcast', () => {
  it('is refused like other broadcasts (sendto, connect, bind)', async () => {
    const u = await openSocket(c, 'udp', 4);
    const to = { host: '127.255.255.255', port: 4000 };
    expect(await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to })).toMatchObject({
      code: 'POLICY_DENIED',
      message: expect.stringContaining('broadcast'),
    });
    expect(await c.fail({ op: 'connect', socket: u, ...to })).toMatchObject({ code: 'POLICY_DENIED' });
    expect(await c.fail({ op: 'bind', socket: u, address: '127.255.255.255', port: 0 })).toMatchObject({
      code: 'POLICY_DENIED',
    });
    expect(c.kindsOf(u)).toEqual(['created']);
    // Its neighbour is an ordinary loopback address.
    const v = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'bind', socket: v, address: '127.255.255.254', port: 0 });
  });
});
