/** Every named limit, gone past: unit checks of the one module, then on real sockets. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../shared/limits';
import { listener, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';
import {
  CommandBucket,
  checkSendBytes,
  checkSessionCount,
  checkSocketCount,
  checkUnsentBytes,
  resolveLimits,
} from './limits';

describe('limit checks', () => {
  const limits = resolveLimits({
    maxSocketsPerSession: 2,
    maxSendBytes: 10,
    maxUnsentBytes: 100,
    maxSessions: 1,
    maxCommandsPerSecond: 4,
  });

  it('refuse exactly past each limit, naming it', () => {
    expect(checkSocketCount(1, limits)).toBeUndefined();
    expect(checkSocketCount(2, limits)).toMatchObject({ code: 'LIMIT', limit: 'maxSocketsPerSession' });
    expect(checkSendBytes(10, limits)).toBeUndefined();
    expect(checkSendBytes(11, limits)).toMatchObject({
      code: 'LIMIT',
      limit: 'maxSendBytes',
      message: expect.stringMatching(/11/),
    });
    expect(checkUnsentBytes(90, 10, limits)).toBeUndefined();
    expect(checkUnsentBytes(90, 11, limits)).toMatchObject({ code: 'LIMIT', limit: 'maxUnsentBytes' });
    expect(checkSessionCount(0, limits)).toBeUndefined();
    expect(checkSessionCount(1, limits)).toMatchObject({ code: 'LIMIT', limit: 'maxSessions' });
  });

  it('the command bucket allows a burst of maxCommandsPerSecond and refills continuously', () => {
    let now = 0;
    const bucket = new CommandBucket(limits, () => now);
    for (let i = 0; i < 4; i++) expect(bucket.take()).toBeUndefined();
    expect(bucket.take()).toMatchObject({ code: 'LIMIT', limit: 'maxCommandsPerSecond' });
    now += 250; // a quarter of a second: one command's worth
    expect(bucket.take()).toBeUndefined();
    expect(bucket.take()).toBeDefined();
    now += 10_000; // a long pause refills to the burst size, no more
    for (let i = 0; i < 4; i++) expect(bucket.take()).toBeUndefined();
    expect(bucket.take()).toBeDefined();
  });

  it('defaults are the named limits of shared/limits.ts', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
  });
});

describe('limits on a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      limits: { maxSocketsPerSession: 3, maxSendBytes: 1000, maxCommandsPerSecond: 20, maxUnsentBytes: 256 * 1024 },
    });
  });
  afterAll(() => server.close());

  it('maxSocketsPerSession: a fourth socket is refused; a fourth call is reset at accept', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, 4);
    const d = await openSocket(c, 'tcp', 4);
    await c.ok({ op: 'connect', socket: d, host: '127.0.0.1', port: local.port });
    await c.waitFor('created', (e) => e.parent === l); // listener + dialler + accepted = 3
    expect(await c.fail({ op: 'socket', proto: 'udp', family: 4 })).toMatchObject({
      code: 'LIMIT',
      limit: 'maxSocketsPerSession',
    });

    const outsider = net.connect({ host: '127.0.0.1', port: local.port });
    const outcome = new Promise<string>((r) => {
      outsider.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      outsider.on('end', () => r('FIN'));
    });
    const refused = await c.waitFor('error', (e) => e.socket === l);
    expect(refused).toMatchObject({
      code: 'LIMIT',
      syscall: 'accept',
      message: expect.stringMatching(/3 open sockets/),
    });
    expect(await outcome).toBe('ECONNRESET');
    expect(c.eventsOf('accepted', l)).toHaveLength(1);

    await c.ok({ op: 'close', socket: d });
    await c.waitFor('closed', (e) => e.socket === d);
    await c.ok({ op: 'socket', proto: 'udp', family: 4 });
  });

  it('maxSendBytes: one byte too many is refused, before anything is sent', async () => {
    const c = await server.client();
    const u = await openSocket(c, 'udp', 4);
    const { local } = await c.ok({ op: 'bind', socket: u, port: 0 });
    const to = { host: '127.0.0.1', port: local.port };
    expect(await c.ok({ op: 'send', socket: u, data: { base64: Buffer.alloc(1000).toString('base64') }, to })).toEqual({
      bytes: 1000,
    });
    const err = await c.fail({ op: 'send', socket: u, data: { text: 'x'.repeat(1001) }, to });
    expect(err).toMatchObject({ code: 'LIMIT', limit: 'maxSendBytes', message: expect.stringMatching(/1001/) });
    await c.waitFor('received', (e) => e.socket === u);
    expect(c.eventsOf('sent', u)).toHaveLength(1);
  });

  it('maxCommandsPerSecond: a flood is refused, every command still answered once', async () => {
    const c = await server.client();
    const replies = await Promise.all(
      Array.from({ length: 60 }, () => c.send({ op: 'service', name: 'http', proto: 'tcp' })),
    );
    const limited = replies.filter(
      (r) => !r.ok && r.error.code === 'LIMIT' && r.error.limit === 'maxCommandsPerSecond',
    );
    expect(replies.slice(0, 20).every((r) => r.ok)).toBe(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length + replies.filter((r) => r.ok).length).toBe(60);
  });
});

describe('maxUnsentBytes on a real server', () => {
  it('a receiver that never reads eventually stops the sender', async () => {
    const server = await startTestServer({ limits: { maxUnsentBytes: 256 * 1024, maxCommandsPerSecond: 100_000 } });
    try {
      const c = await server.client();
      const deaf = net.createServer((s) => {
        s.on('error', () => {});
        s.pause(); // never reads: the kernel buffers fill, then Node's
      });
      await new Promise<void>((r) => deaf.listen(0, '127.0.0.1', r));
      const d = await openSocket(c, 'tcp', 4);
      await c.ok({ op: 'connect', socket: d, host: '127.0.0.1', port: (deaf.address() as net.AddressInfo).port });
      await c.waitFor('connected', (e) => e.socket === d);
      const chunk = { base64: Buffer.alloc(64 * 1024, 0x61).toString('base64') };
      let refusal;
      let sent = 0;
      // Bounded (64 MiB at most): the kernel absorbs a few MB on loopback, then writableLength grows.
      for (let i = 0; i < 1024 && !refusal; i++) {
        const r = await c.send({ op: 'send', socket: d, data: chunk });
        if (r.ok) sent++;
        else refusal = r.error;
      }
      expect(refusal).toMatchObject({
        code: 'LIMIT',
        limit: 'maxUnsentBytes',
        message: expect.stringMatching(/not reading/),
      });
      expect(sent).toBeGreaterThan(4);
      deaf.close();
      await c.ok({ op: 'reset', socket: d });
    } finally {
      await server.close();
    }
  });
});
