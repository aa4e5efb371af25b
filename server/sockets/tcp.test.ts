/**
 * TCP on real loopback sockets, both calling parties inside one session (and two
 * sessions for EADDRINUSE), over IPv4 and IPv6.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Family } from '../../shared/protocol';
import { startTestServer, type TestServer } from '../testing/server';
import { listener, loopback, openSocket, streamOf, tcpCall } from '../testing/scenarios';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A port nobody listens on: bound by the kernel a moment ago, then released. */
async function closedPort(family: Family): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, loopback(family), r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.each([4, 6] as const)('TCP over IPv%i', (family) => {
  const lo = loopback(family);

  it('listens, dials, talks both ways, half-closes and hangs up', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, family);
    expect(local).toMatchObject({ address: lo, family });
    expect(c.kindsOf(l)).toEqual(['created', 'bound', 'listening']);
    expect((await c.waitFor('listening', (e) => e.socket === l)).local).toEqual(local);

    const d = await openSocket(c, 'tcp', family);
    const reply = await c.ok({ op: 'connect', socket: d, host: family === 6 ? '::1' : 'localhost', port: local.port });
    expect(reply.remote).toEqual({ address: lo, port: local.port, family });
    const connected = await c.waitFor('connected', (e) => e.socket === d);
    const accepted = await c.waitFor('accepted', (e) => e.socket === l);
    expect(accepted.remote).toEqual(connected.local);
    expect(accepted.local).toEqual(connected.remote);
    const child = accepted.child;
    expect((await c.waitFor('created', (e) => e.socket === child)).parent).toBe(l);

    await c.ok({ op: 'send', socket: d, data: { text: 'Allô ?' } });
    const rx = await c.waitFor('received', (e) => e.socket === child);
    expect(rx).toMatchObject({ offset: 0, bytes: Buffer.byteLength('Allô ?'), data: { text: 'Allô ?' } });
    const sent = await c.waitFor('sent', (e) => e.socket === d);
    expect(sent.data).toEqual(rx.data);

    const binary = Buffer.from([0xff, 0x00, 0x41]);
    await c.ok({ op: 'send', socket: child, data: { base64: binary.toString('base64') } });
    const back = await c.waitFor('received', (e) => e.socket === d);
    expect(back.data.text).toBeUndefined();
    expect(Buffer.from(back.data.base64, 'base64')).toEqual(binary);

    await c.ok({ op: 'end', socket: d });
    await c.waitFor('ended', (e) => e.socket === d);
    await c.waitFor('peer-ended', (e) => e.socket === child);
    expect(await c.fail({ op: 'send', socket: d, data: { text: 'x' } })).toMatchObject({ code: 'BAD_STATE' });
    // Half-closed: the dialler still hears the other side.
    await c.ok({ op: 'send', socket: child, data: { text: 'encore' } });
    expect((await c.waitFor('received', (e) => e.socket === d && e.offset === 3)).data.text).toBe('encore');
    await c.ok({ op: 'close', socket: child });
    await c.waitFor('closed', (e) => e.socket === child);
    expect((await c.waitFor('closed', (e) => e.socket === d)).hadError).toBe(false);
    expect(c.kindsOf(d)).toEqual([
      'created',
      // A name given to connect() is looked up first, as its own step (IPv6 dials the literal ::1).
      ...(family === 4 ? ['lookup'] : []),
      'connecting',
      'connected',
      'sent',
      'received',
      'ended',
      'received',
      'peer-ended',
      'closed',
    ]);
    expect(c.kindsOf(child)).toEqual(['created', 'received', 'sent', 'peer-ended', 'sent', 'closed']);
    expect(await c.fail({ op: 'send', socket: d, data: { text: 'x' } })).toMatchObject({ code: 'BAD_STATE' });
    c.events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(c.events[i - 1]!.t);
    });
  });

  it("binds before listening and before dialling; `bound` comes at bind() with the kernel's number, which listen and connect keep", async () => {
    const c = await server.client();
    const l = await openSocket(c, 'tcp', family);
    const bound = await c.ok({ op: 'bind', socket: l, port: 0 });
    expect(bound.local).toMatchObject({ address: lo, family });
    expect(bound.local.port).toBeGreaterThan(0);
    expect((await c.waitFor('bound', (e) => e.socket === l)).local).toEqual(bound.local);
    expect(await c.fail({ op: 'bind', socket: l, port: 0 })).toMatchObject({ code: 'BAD_STATE' });
    const { local } = await c.ok({ op: 'listen', socket: l, backlog: 4 });
    expect(local).toEqual(bound.local);
    expect((await c.waitFor('listening', (e) => e.socket === l)).backlog).toBe(4);
    expect(c.kindsOf(l)).toEqual(['created', 'bound', 'listening']);

    const d = await openSocket(c, 'tcp', family);
    const dBound = await c.ok({ op: 'bind', socket: d, address: lo, port: 0 });
    await c.ok({ op: 'connect', socket: d, host: lo, port: local.port });
    const connected = await c.waitFor('connected', (e) => e.socket === d);
    expect(connected.local).toEqual(dBound.local);
    expect(c.kindsOf(d)).toEqual(['created', 'bound', 'connecting', 'connected']);
  });

  it('merges sends the reader did not read yet; offsets pair the bytes exactly', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'pause', socket: call.accepted });
    for (const word of ['un ', 'deux ', 'trois'])
      await c.ok({ op: 'send', socket: call.dialler, data: { text: word } });
    await c.until(() => c.eventsOf('sent', call.dialler).length === 3, 'three sent');
    expect(c.eventsOf('sent', call.dialler).map((e) => e.offset)).toEqual([0, 3, 8]);
    expect(c.eventsOf('received', call.accepted)).toHaveLength(0);
    await c.ok({ op: 'resume', socket: call.accepted });
    await c.until(
      () => c.eventsOf('received', call.accepted).reduce((n, e) => n + e.bytes, 0) === 13,
      '13 bytes received',
    );
    const received = c.eventsOf('received', call.accepted);
    // Three send()s, already waiting together in the kernel: fewer recv()s.
    expect(received.length).toBeLessThan(3);
    expect(streamOf(c, 'received', call.accepted).toString()).toBe('un deux trois');
    expect(streamOf(c, 'sent', call.dialler).toString()).toBe('un deux trois');
    expect(c.kindsOf(call.accepted).filter((k) => k === 'paused' || k === 'resumed')).toEqual(['paused', 'resumed']);
    expect(await c.fail({ op: 'resume', socket: call.accepted })).toMatchObject({ code: 'BAD_STATE' });
  });

  it('reset sends RST: the peer gets ECONNRESET and closes with an error', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'reset', socket: call.dialler });
    await c.waitFor('closed', (e) => e.socket === call.dialler);
    const err = await c.waitFor('error', (e) => e.socket === call.accepted);
    expect(err).toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    expect(err.message).toMatch(/reset/);
    expect((await c.waitFor('closed', (e) => e.socket === call.accepted)).hadError).toBe(true);
    expect(c.kindsOf(call.dialler).slice(-2)).toEqual(['reset', 'closed']);
  });

  it('ECONNREFUSED when nobody listens: connecting, error, closed', async () => {
    const c = await server.client();
    const port = await closedPort(family);
    const d = await openSocket(c, 'tcp', family);
    await c.ok({ op: 'connect', socket: d, host: lo, port });
    const err = await c.waitFor('error', (e) => e.socket === d);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(err.message).toMatch(/Nobody answered/);
    await c.waitFor('closed', (e) => e.socket === d);
    expect(c.kindsOf(d)).toEqual(['created', 'connecting', 'error', 'closed']);
  });

  it('EADDRINUSE in the same session and across two sessions; the socket may try again', async () => {
    const a = await server.client();
    const b = await server.client();
    const { local } = await listener(a, family);
    const again = await openSocket(a, 'tcp', family);
    expect(await a.fail({ op: 'listen', socket: again, port: local.port })).toMatchObject({
      code: 'EADDRINUSE',
      syscall: 'listen',
    });
    expect((await a.waitFor('error', (e) => e.socket === again)).code).toBe('EADDRINUSE');
    const other = await openSocket(b, 'tcp', family);
    const refused = await b.fail({ op: 'listen', socket: other, port: local.port });
    expect(refused.code).toBe('EADDRINUSE');
    expect(refused.message).toMatch(/already taken/);
    // As in C, a failed bind leaves a socket that can try another number.
    await b.ok({ op: 'listen', socket: other, port: 0 });
  });

  it('closing a listener leaves the calls it accepted open', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'close', socket: call.listener });
    await c.waitFor('closed', (e) => e.socket === call.listener);
    await c.ok({ op: 'send', socket: call.accepted, data: { text: 'toujours là' } });
    expect((await c.waitFor('received', (e) => e.socket === call.dialler)).data.text).toBe('toujours là');
    // And nobody answers on that number any more.
    const late = await openSocket(c, 'tcp', family);
    await c.ok({ op: 'connect', socket: late, host: lo, port: call.port });
    expect((await c.waitFor('error', (e) => e.socket === late)).code).toBe('ECONNREFUSED');
  });

  it('refuses what a socket cannot do now with BAD_STATE', async () => {
    const c = await server.client();
    const fresh = await openSocket(c, 'tcp', family);
    expect(await c.fail({ op: 'send', socket: fresh, data: { text: 'x' } })).toMatchObject({ code: 'BAD_STATE' });
    expect(await c.fail({ op: 'end', socket: fresh })).toMatchObject({ code: 'BAD_STATE' });
    expect(await c.fail({ op: 'pause', socket: fresh })).toMatchObject({ code: 'BAD_STATE' });
    const { socket: l } = await listener(c, family);
    expect(await c.fail({ op: 'connect', socket: l, host: lo, port: 9999 })).toMatchObject({ code: 'BAD_STATE' });
    expect(await c.fail({ op: 'listen', socket: l })).toMatchObject({ code: 'BAD_STATE' });
    expect(await c.fail({ op: 'send', socket: l, data: { text: 'x' } })).toMatchObject({ code: 'BAD_STATE' });
    expect(await c.fail({ op: 'reset', socket: l })).toMatchObject({ code: 'BAD_STATE' });
    await c.ok({ op: 'close', socket: fresh });
    expect(c.kindsOf(fresh)).toEqual(['created', 'closed']);
    expect(await c.fail({ op: 'close', socket: fresh })).toMatchObject({ code: 'BAD_STATE' });
  });
});
