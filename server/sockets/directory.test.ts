/** `lookup` (getaddrinfo) and `service` (getservbyname) through a session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupAll } from '../net/lookup';
import { listener, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  // No DNS traffic in tests: made-up names fail, real lookups only for localhost and literals.
  server = await startTestServer({
    resolve: async (host) => {
      if (host === 'localhost' || host.includes(':') || /^[0-9.]+$/.test(host)) return lookupAll(host);
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    },
  });
});
afterAll(() => server.close());

describe('directory ops', () => {
  it('lookup gives every address of both families, as an event and a result', async () => {
    const c = await server.client();
    const expected = await lookupAll('localhost');
    const r = await c.ok({ op: 'lookup', host: 'localhost' });
    expect(r).toEqual({ host: 'localhost', addresses: expected });
    expect(r.addresses.map((a) => a.address)).toContain('127.0.0.1');
    expect(await c.waitFor('lookup')).toMatchObject({ host: 'localhost', addresses: expected });
    expect((await c.ok({ op: 'lookup', host: '::1' })).addresses).toEqual([{ address: '::1', family: 6 }]);
  });

  it('a name not in the directory is LOOKUP_FAILED with the errno', async () => {
    const c = await server.client();
    const err = await c.fail({ op: 'lookup', host: 'nowhere.test' });
    expect(err).toMatchObject({
      code: 'LOOKUP_FAILED',
      syscall: 'getaddrinfo',
      message: expect.stringMatching(/ENOTFOUND/),
    });
    expect(c.events.filter((e) => e.kind === 'lookup')).toHaveLength(0);
  });

  it('service finds the well-known port, or says it does not know the name', async () => {
    const c = await server.client();
    const r = await c.ok({ op: 'service', name: 'http', proto: 'tcp' });
    expect(r).toMatchObject({ name: 'http', proto: 'tcp', port: 80 });
    expect(await c.waitFor('service')).toMatchObject({ name: 'http', proto: 'tcp', port: 80, source: r.source });
    expect((await c.ok({ op: 'service', name: 'domain', proto: 'udp' })).port).toBe(53);
    expect(await c.fail({ op: 'service', name: 'no-such-service', proto: 'tcp' })).toMatchObject({
      code: 'LOOKUP_FAILED',
    });
  });
});

describe('connect() given a name looks it up first, as its own step', () => {
  it('TCP: `lookup` tagged with the socket, every address the resolver gave, then `connecting` to the one chosen', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, 4);
    const s = await openSocket(c, 'tcp', 4);
    await c.ok({ op: 'connect', socket: s, host: 'localhost', port: local.port });
    await c.waitFor('connected', (e) => e.socket === s);
    const lookup = await c.waitFor('lookup', (e) => e.socket === s);
    expect(lookup).toMatchObject({ host: 'localhost', addresses: await lookupAll('localhost') });
    const connecting = await c.waitFor('connecting', (e) => e.socket === s);
    expect(lookup.seq).toBeLessThan(connecting.seq);
    expect(lookup.addresses.map((a) => a.address)).toContain(connecting.remote.address);
    expect(c.kindsOf(s).slice(0, 3)).toEqual(['created', 'lookup', 'connecting']);
    await c.ok({ op: 'close', socket: s });
    await c.ok({ op: 'close', socket: l });
  });

  it('an IP literal is not looked up; a refused name is not announced', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, 4);
    const s = await openSocket(c, 'tcp', 4);
    await c.ok({ op: 'connect', socket: s, host: '127.0.0.1', port: local.port });
    await c.waitFor('connected', (e) => e.socket === s);
    const u = await openSocket(c, 'udp', 4);
    expect(await c.fail({ op: 'connect', socket: u, host: 'nowhere.test', port: 9 })).toMatchObject({
      code: 'LOOKUP_FAILED',
    });
    expect(c.events.filter((e) => e.kind === 'lookup')).toHaveLength(0);
    await c.ok({ op: 'close', socket: s });
    await c.ok({ op: 'close', socket: l });
  });

  it('UDP connect and sendto to a name: their own `lookup` before `connecting` / `sent`', async () => {
    const c = await server.client();
    const box = await openSocket(c, 'udp', 4);
    const { local } = await c.ok({ op: 'bind', socket: box, address: '127.0.0.1', port: 0 });
    const post = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'send', socket: post, data: { text: 'carte' }, to: { host: 'localhost', port: local.port } });
    await c.waitFor('received', (e) => e.socket === box);
    const conn = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'connect', socket: conn, host: 'localhost', port: local.port });
    expect(c.kindsOf(post).filter((k) => k === 'lookup' || k === 'sent')).toEqual(['lookup', 'sent']);
    expect(c.kindsOf(conn).filter((k) => k === 'lookup' || k === 'connecting')).toEqual(['lookup', 'connecting']);
    for (const s of [box, post, conn]) await c.ok({ op: 'close', socket: s });
  });
});
