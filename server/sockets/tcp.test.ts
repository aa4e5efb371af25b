import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('TCP call between two sockets of one session', () => {
  it('listens, dials, talks both ways, half-closes and hangs up', async () => {
    const c = await server.client();
    const { socket: l } = await c.ok({ op: 'socket', proto: 'tcp', family: 4, label: 'server' });
    const { local } = await c.ok({ op: 'listen', socket: l, port: 0 });
    expect(local.address).toBe('127.0.0.1');
    expect(local.port).toBeGreaterThan(0);
    const { socket: d } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
    await c.ok({ op: 'connect', socket: d, host: 'localhost', port: local.port });
    const connected = await c.waitFor('connected', (e) => e.socket === d);
    const accepted = await c.waitFor('accepted', (e) => e.socket === l);
    expect(accepted.remote).toEqual(connected.local);
    expect(accepted.local).toEqual(connected.remote);
    const child = accepted.child;
    const created = await c.waitFor('created', (e) => e.socket === child);
    expect(created.parent).toBe(l);

    await c.ok({ op: 'send', socket: d, data: { text: 'Allô ?' } });
    const rx = await c.waitFor('received', (e) => e.socket === child);
    expect(rx.data.text).toBe('Allô ?');
    expect(rx.offset).toBe(0);
    expect(rx.bytes).toBe(Buffer.byteLength('Allô ?'));

    await c.ok({ op: 'send', socket: child, data: { base64: Buffer.from([0xff, 0x00, 0x41]).toString('base64') } });
    const back = await c.waitFor('received', (e) => e.socket === d);
    expect(back.data.text).toBeUndefined();
    expect(Buffer.from(back.data.base64, 'base64')).toEqual(Buffer.from([0xff, 0x00, 0x41]));

    await c.ok({ op: 'end', socket: d });
    await c.waitFor('ended', (e) => e.socket === d);
    await c.waitFor('peer-ended', (e) => e.socket === child);
    // Half-closed: the dialler still hears the other side.
    await c.ok({ op: 'send', socket: child, data: { text: 'encore' } });
    const after = await c.waitFor('received', (e) => e.socket === d && e.offset === 3);
    expect(after.data.text).toBe('encore');
    await c.ok({ op: 'close', socket: child });
    await c.waitFor('closed', (e) => e.socket === child);
    await c.waitFor('closed', (e) => e.socket === d);
    expect(c.kindsOf(d)).toEqual(['created', 'connecting', 'connected', 'sent', 'received', 'ended', 'received', 'peer-ended', 'closed']);
    // seq counts up by one, t never goes back.
    c.events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(c.events[i - 1]!.t);
    });
  });
});
