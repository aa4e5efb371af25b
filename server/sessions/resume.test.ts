/** Resume within the grace, the end of a session after it, eviction, a slow reader and shedding. */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlloTestClient } from '../testing/client';
import { listener, openSocket, streamOf, tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';
import { eventually } from '../testing/wait';

let server: TestServer;
beforeAll(async () => {
  // A long grace for resuming; the "after the grace" test uses its own server.
  server = await startTestServer({ limits: { resumeGraceMs: 10_000 } });
});
afterAll(() => server.close());

const contiguous = (seqs: number[]) => seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1);

describe('resume', () => {
  it('within the grace: same session, same sockets, every event after lastSeq re-sent', async () => {
    const a = await server.client();
    const { socket: l, local } = await listener(a, 4);
    const peer = net.connect({ host: '127.0.0.1', port: local.port });
    peer.on('error', () => {});
    const acc = await a.waitFor('accepted', (e) => e.socket === l);
    await a.waitFor('created', (e) => e.socket === acc.child);
    const seen = a.lastSeq;
    await a.terminate();

    // While nobody watches, the peer talks and then hangs up half-way.
    peer.write('pendant la coupure');
    peer.end();
    await eventually(() => server.stats().websockets === 0, 'the server to notice');

    const b = await AlloTestClient.connect(server.wsUrl, { hello: { token: a.welcome!.token, lastSeq: seen } });
    expect(b.welcome).toMatchObject({ resumed: true, session: a.welcome!.session, token: a.welcome!.token });
    await b.waitFor('peer-ended', (e) => e.socket === acc.child);
    expect(streamOf(b, 'received', acc.child).toString()).toBe('pendant la coupure');
    const seqs = b.events.map((e) => e.seq);
    expect(seqs[0]).toBe(seen + 1);
    expect(contiguous(seqs)).toBe(true);
    // The call is still there, under the same ids.
    await b.ok({ op: 'send', socket: acc.child, data: { text: 'de retour' } });
    const heard = await new Promise<string>((r) => peer.once('data', (d) => r(d.toString())));
    expect(heard).toBe('de retour');
    peer.destroy();
    await b.close();
  });

  it('a resume from another connection evicts the first one', async () => {
    const a = await server.client();
    const call = await tcpCall(a, 6);
    const b = await AlloTestClient.connect(server.wsUrl, { hello: { token: a.welcome!.token, lastSeq: a.lastSeq } });
    expect((await a.closed).code).toBe(4000);
    expect(b.welcome?.resumed).toBe(true);
    await b.ok({ op: 'send', socket: call.dialler, data: { text: 'ici b' } });
    await b.waitFor('received', (e) => e.socket === call.accepted);
    await b.close();
  });

  it('an unknown token gets a clear error, not a fresh session; hello without it then starts one', async () => {
    const before = server.stats().sessions;
    const c = await server.client({ hello: false });
    expect(await c.fail({ op: 'hello', protocol: 1, token: 'no-such-token', lastSeq: 12 })).toMatchObject({
      code: 'UNKNOWN_SESSION',
      message: expect.stringMatching(/without a token/),
    });
    expect(server.stats().sessions).toBe(before);
    expect(c.welcome).toBeUndefined();
    expect((await c.hello()).resumed).toBe(false);
    expect(server.stats().sessions).toBe(before + 1);
    await c.close();
  });
});

describe('after the grace', () => {
  it('every socket of the session is closed and the token no longer resumes', async () => {
    const short = await startTestServer({ limits: { resumeGraceMs: 100 } });
    try {
      const a = await short.client();
      const { local } = await listener(a, 4);
      const u = await openSocket(a, 'udp', 4);
      await a.ok({ op: 'bind', socket: u, port: 0 });
      const peer = net.connect({ host: '127.0.0.1', port: local.port });
      peer.on('error', () => {});
      let peerClosed = false;
      peer.on('close', () => (peerClosed = true));
      await a.waitFor('accepted');
      expect(short.stats().sockets).toBe(3);
      await a.close();
      await eventually(() => short.stats().sessions === 0, 'the session to end');
      expect(short.stats().sockets).toBe(0);
      await eventually(() => peerClosed, 'the peer to see the call end');
      // The listening port is free again: nobody answers there.
      const probe = net.connect({ host: '127.0.0.1', port: local.port });
      expect(await new Promise((r) => probe.once('error', (e: NodeJS.ErrnoException) => r(e.code)))).toBe(
        'ECONNREFUSED',
      );
      const b = await short.client({ hello: false });
      expect(await b.fail({ op: 'hello', protocol: 1, token: a.welcome!.token, lastSeq: a.lastSeq })).toMatchObject({
        code: 'UNKNOWN_SESSION',
      });
      await b.close();
    } finally {
      await short.close();
    }
  });
});

describe('a slow reader', () => {
  it('loses nothing: a client that stops reading its WebSocket gets every event, in order, later', async () => {
    const slow = await startTestServer({ limits: { maxBufferedBytes: 8 * 1024 } });
    try {
      const c = await slow.client();
      const { socket: l, local } = await listener(c, 4);
      const raw = (c.ws as unknown as { _socket: net.Socket })._socket;
      raw.pause();
      // TCP from a peer outside the session: nothing may be lost on the way, so
      // anything missing at the end would be the outbox's fault.
      const peer = net.connect({ host: '127.0.0.1', port: local.port });
      peer.on('error', () => {});
      await new Promise((r) => peer.once('connect', r));
      const N = 400;
      const expected = Buffer.concat(Array.from({ length: N }, (_, i) => Buffer.alloc(1000, i % 256)));
      for (let i = 0; i < N; i++) {
        peer.write(expected.subarray(i * 1000, (i + 1) * 1000));
        // Separate arrivals now and then, so there are many events, not one big read.
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
      }
      raw.resume();
      const acc = await c.waitFor('accepted', (e) => e.socket === l);
      await eventually(
        () => c.eventsOf('received', acc.child).reduce((n, e) => n + e.bytes, 0) === N * 1000,
        `${N * 1000} bytes`,
        15_000,
      );
      expect(contiguous(c.events.map((e) => e.seq))).toBe(true);
      expect(c.shed).toBe(0);
      // Previews are cut at 4 KiB, so compare what they carry with the bytes at their offsets.
      for (const e of c.eventsOf('received', acc.child)) {
        const shown = Buffer.from(e.data.base64, 'base64');
        expect(shown.equals(expected.subarray(e.offset, e.offset + shown.length))).toBe(true);
      }
      peer.destroy();
    } finally {
      await slow.close();
    }
  });
});

describe('shedding', () => {
  it('past maxEventsPerSession the oldest events are dropped and counted in `shed`', async () => {
    // No kernel watch: its `kernel` events would come at any moment and change the count.
    const small = await startTestServer({
      kernelPollMs: 0,
      limits: { maxEventsPerSession: 20, resumeGraceMs: 10_000 },
    });
    try {
      const a = await small.client();
      const u = await openSocket(a, 'udp', 4);
      const { local } = await a.ok({ op: 'bind', socket: u, port: 0 });
      const peer = dgram.createSocket('udp4');
      for (let i = 0; i < 30; i++) peer.send(`carte ${i}`, local.port, '127.0.0.1');
      await a.waitFor('received', (e) => e.data.text === 'carte 29');
      expect(a.shed).toBe(12); // counted live too
      await a.terminate();
      await eventually(() => small.stats().websockets === 0, 'the server to notice');
      // A client that lost everything asks from the start: only what is kept can come back.
      const b = await AlloTestClient.connect(small.wsUrl, { hello: { token: a.welcome!.token, lastSeq: 0 } });
      await b.waitFor('received', (e) => e.data.text === 'carte 29');
      // 2 (created, bound) + 30 received = 32 events; 20 kept, 12 shed.
      expect(b.shed).toBe(12);
      expect(b.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 13 + i));
      peer.close();
      await b.close();
    } finally {
      await small.close();
    }
  });
});
