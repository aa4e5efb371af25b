/** UDP on real loopback sockets inside one session, over IPv4 and IPv6. */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Family } from '../../shared/protocol';
import { loopback, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function closedUdpPort(family: Family): Promise<number> {
  const s = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  await new Promise<void>((r) => s.bind(0, loopback(family), r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(r));
  return port;
}

describe.each([4, 6] as const)('UDP over IPv%i', (family) => {
  const lo = loopback(family);

  it('binds, sends postcards with sendto, receives them with the sender’s address', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family, 'Alice');
    const b = await openSocket(c, 'udp', family, 'Bob');
    const { local: la } = await c.ok({ op: 'bind', socket: a, port: 0 });
    const { local: lb } = await c.ok({ op: 'bind', socket: b, address: lo, port: 0 });
    expect(la).toMatchObject({ address: lo, family });
    expect(la.port).toBeGreaterThan(0);
    expect((await c.waitFor('bound', (e) => e.socket === b)).local).toEqual(lb);
    await c.ok({ op: 'send', socket: a, data: { text: 'carte postale' }, to: { host: lo, port: lb.port } });
    const rx = await c.waitFor('received', (e) => e.socket === b);
    expect(rx).toMatchObject({ bytes: 13, offset: 0, data: { text: 'carte postale' }, from: la });
    expect((await c.waitFor('sent', (e) => e.socket === a)).to).toEqual(lb);
    await c.ok({ op: 'send', socket: b, data: { base64: 'AAEC' }, to: { host: lo, port: la.port } });
    const back = await c.waitFor('received', (e) => e.socket === a);
    expect(back).toMatchObject({ bytes: 3, data: { base64: 'AAEC' }, from: lb });
    await c.ok({ op: 'close', socket: a });
    expect((await c.waitFor('closed', (e) => e.socket === a)).hadError).toBe(false);
    expect(c.kindsOf(a)).toEqual(['created', 'bound', 'sent', 'received', 'closed']);
  });

  it('connect sets a default peer; send without `to` goes there', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const b = await openSocket(c, 'udp', family);
    const { local: lb } = await c.ok({ op: 'bind', socket: b, port: 0 });
    expect(await c.fail({ op: 'send', socket: a, data: { text: 'x' } })).toMatchObject({ code: 'BAD_STATE' });
    const r = await c.ok({ op: 'connect', socket: a, host: lo, port: lb.port });
    expect(r.remote).toEqual(lb);
    // Unbound, so the wrapper binds to loopback first (never Node's implicit 0.0.0.0).
    expect(r.local).toMatchObject({ address: lo, family });
    expect((await c.waitFor('connected', (e) => e.socket === a)).remote).toEqual(lb);
    expect(c.kindsOf(a)).toEqual(['created', 'bound', 'connecting', 'connected']);
    await c.ok({ op: 'send', socket: a, data: { text: 'direct' } });
    expect((await c.waitFor('received', (e) => e.socket === b)).from).toEqual(r.local);
    expect(await c.fail({ op: 'send', socket: a, data: { text: 'x' }, to: { host: lo, port: lb.port } })).toMatchObject(
      {
        code: 'BAD_STATE',
      },
    );
    expect(await c.fail({ op: 'connect', socket: a, host: lo, port: lb.port })).toMatchObject({ code: 'BAD_STATE' });
  });

  it('a connected socket sending to a closed port gets ECONNREFUSED and stays usable', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    await c.ok({ op: 'connect', socket: a, host: lo, port: await closedUdpPort(family) });
    await c.ok({ op: 'send', socket: a, data: { text: 'anyone?' } });
    const err = await c.waitFor('error', (e) => e.socket === a);
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.syscall).toBe('recvmsg');
    // Told in UDP words: an ICMP message, never a reset.
    expect(err.message).toContain('ICMP');
    expect(err.message).not.toMatch(/replied with a reset|RST/);
    await c.ok({ op: 'send', socket: a, data: { text: 'still me' } });
    await c.until(() => c.eventsOf('sent', a).length === 2, 'second postcard sent');
    expect(c.kindsOf(a)).not.toContain('closed');
  });

  it('sendto binds an unbound socket to loopback first', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const b = await openSocket(c, 'udp', family);
    const { local: lb } = await c.ok({ op: 'bind', socket: b, port: 0 });
    await c.ok({ op: 'send', socket: a, data: { text: 'hop' }, to: { host: lo, port: lb.port } });
    const bound = await c.waitFor('bound', (e) => e.socket === a);
    expect(bound.local.address).toBe(lo);
    expect((await c.waitFor('received', (e) => e.socket === b)).from).toEqual(bound.local);
  });

  it('cuts the preview at previewBytes but reports the real length', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const b = await openSocket(c, 'udp', family);
    const { local: lb } = await c.ok({ op: 'bind', socket: b, port: 0 });
    const big = 'é'.repeat(3000); // 6000 bytes of UTF-8; the 4096-byte cut falls on a character boundary
    await c.ok({ op: 'send', socket: a, data: { text: big }, to: { host: lo, port: lb.port } });
    const rx = await c.waitFor('received', (e) => e.socket === b);
    expect(rx.bytes).toBe(6000);
    expect(rx.data.truncated).toBe(true);
    expect(Buffer.from(rx.data.base64, 'base64')).toHaveLength(4096);
    expect(rx.data.text).toBe('é'.repeat(2048));
  });

  it('a datagram too big for UDP is refused in the reply with EMSGSIZE; the largest one arrives', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const { local } = await c.ok({ op: 'bind', socket: a, port: 0 });
    // 65,508 bytes: within maxSendBytes, beyond what one IPv4 datagram can carry (65,527 for IPv6).
    const max = family === 4 ? 65_507 : 65_527;
    const to = { host: lo, port: local.port };
    const big = Buffer.alloc(max + 1).toString('base64');
    const err = await c.fail({ op: 'send', socket: a, data: { base64: big }, to });
    expect(err).toMatchObject({
      code: 'EMSGSIZE',
      syscall: 'sendto',
      message: expect.stringContaining(`at most ${max}`),
    });
    expect(c.eventsOf('sent', a)).toHaveLength(0);
    await c.ok({ op: 'connect', socket: a, host: lo, port: local.port });
    expect(await c.fail({ op: 'send', socket: a, data: { base64: big } })).toMatchObject({
      code: 'EMSGSIZE',
      syscall: 'send',
    });
    expect(c.eventsOf('sent', a)).toHaveLength(0);
    expect(await c.ok({ op: 'send', socket: a, data: { base64: Buffer.alloc(max).toString('base64') } })).toEqual({
      bytes: max,
    });
    expect((await c.waitFor('received', (e) => e.socket === a)).bytes).toBe(max);
    expect(c.eventsOf('error', a)).toHaveLength(0);
  });

  it('EADDRINUSE on a taken port; BAD_STATE for TCP-only operations', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const b = await openSocket(c, 'udp', family);
    const { local } = await c.ok({ op: 'bind', socket: a, port: 0 });
    const refused = await c.fail({ op: 'bind', socket: b, port: local.port });
    expect(refused).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind' });
    expect((await c.waitFor('error', (e) => e.socket === b)).code).toBe('EADDRINUSE');
    for (const op of ['end', 'reset', 'pause', 'resume'] as const) {
      expect(await c.fail({ op, socket: a })).toMatchObject({ code: 'BAD_STATE' });
    }
    const listen = await c.fail({ op: 'listen', socket: a });
    expect(listen.code).toBe('BAD_STATE');
    expect(listen.message).toMatch(/UDP/);
  });
});
