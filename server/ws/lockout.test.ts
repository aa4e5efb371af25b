/**
 * No lockout (issue 11 point 2), on real servers: a WebSocket that never says
 * hello, a full server whose places are held by sessions in grace, one client
 * taking every place or hammering the door, garbage frames faster than the
 * command rate.
 */
import { describe, expect, it } from 'vitest';
import { CloseCodes } from '../../shared/protocol';
import { AlloTestClient } from '../testing/client';
import { rawRequest } from '../testing/rawHttp';
import { openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';
import { eventually } from '../testing/wait';

async function withServer(options: Parameters<typeof startTestServer>[0], body: (s: TestServer) => Promise<void>) {
  const server = await startTestServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const attempt = (s: TestServer) =>
  AlloTestClient.connect(s.wsUrl, { hello: false }).then(
    (c) => c,
    (e: Error) => e.message,
  );

describe('the new limits', () => {
  it('are reported in welcome like the others', async () => {
    await withServer({ limits: { helloTimeoutMs: 1234 } }, async (s) => {
      const c = await s.client();
      expect(c.welcome!.server.policy.limits).toMatchObject({
        helloTimeoutMs: 1234,
        maxSessionsPerClient: expect.any(Number),
        maxUpgradesPerSecondPerClient: expect.any(Number),
      });
    });
  });
});

describe('helloTimeoutMs', () => {
  it('a WebSocket that never says hello is closed (4001) and its place is free again', async () => {
    await withServer({ limits: { maxSessions: 2, helloTimeoutMs: 300 } }, async (s) => {
      // Two WebSockets holding both places without a word (while they wait, newcomers get 503)…
      const silent = [await s.client({ hello: false }), await s.client({ hello: false })];
      for (const c of silent) expect((await c.closed).code).toBe(CloseCodes.HELLO_TIMEOUT);
      // …until the deadline closes them: the door is open again.
      const newcomer = await s.client();
      expect(newcomer.welcome?.resumed).toBe(false);
      await newcomer.close();
    });
  });

  it('a WebSocket that says hello in time is not closed by the deadline', async () => {
    await withServer({ limits: { helloTimeoutMs: 300 } }, async (s) => {
      const c = await s.client();
      const late = await s.client({ hello: false });
      expect((await late.closed).code).toBe(CloseCodes.HELLO_TIMEOUT);
      // The deadline (300 ms) has passed for both; the one that said hello still works.
      expect(c.ws.readyState).toBe(c.ws.OPEN);
      expect((await c.ok({ op: 'socket', proto: 'udp', family: 4 })).socket).toBe('s1');
    });
  });
});

describe('a full server', () => {
  it('ends its oldest detached session to let a newcomer in; the others stay resumable', async () => {
    await withServer({ limits: { maxSessions: 2, resumeGraceMs: 60_000 } }, async (s) => {
      const a = await s.client();
      const b = await s.client();
      await openSocket(a, 'udp', 4);
      await openSocket(b, 'udp', 4);
      await a.close();
      await eventually(() => s.stats().websockets === 1, 'a to be detached');
      await b.close();
      await eventually(() => s.stats().websockets === 0, 'b to be detached');
      // Both sessions wait in their 60 s grace: the server is full, yet a newcomer gets in…
      expect(s.stats()).toMatchObject({ sessions: 2, sockets: 2 });
      const c = await s.client();
      expect(c.welcome?.resumed).toBe(false);
      // …in the place of the oldest detached one (a), whose sockets are closed.
      expect(s.stats()).toMatchObject({ sessions: 2, sockets: 1 });
      const aBack = await s.client({ hello: false });
      expect(await aBack.fail({ op: 'hello', protocol: 1, token: a.welcome!.token })).toMatchObject({
        code: 'UNKNOWN_SESSION',
      });
      await aBack.close(); // it holds a place while it may still say hello without a token
      await eventually(() => s.stats().websockets === 1, 'the server to see it go');
      const bBack = await s.client({ hello: { token: b.welcome!.token, lastSeq: b.lastSeq } });
      expect(bBack.welcome?.resumed).toBe(true);
    });
  });

  it('refuses a newcomer (503) only when every place is attached', async () => {
    await withServer({ limits: { maxSessions: 2 } }, async (s) => {
      await s.client();
      await s.client();
      expect(await attempt(s)).toBe('HTTP 503');
    });
  });
});

describe('per-client caps', () => {
  it('maxSessionsPerClient: a third session from the same client is refused (429); its own detached one makes room', async () => {
    await withServer({ limits: { maxSessionsPerClient: 2, resumeGraceMs: 60_000 } }, async (s) => {
      const a = await s.client();
      await s.client();
      expect(await attempt(s)).toBe('HTTP 429');
      await a.close();
      await eventually(() => s.stats().websockets === 1, 'a to be detached');
      const c = await s.client();
      expect(c.welcome?.resumed).toBe(false);
      expect(s.stats().sessions).toBe(2); // b and c: a's session was ended to make room
    });
  });

  it('maxSessionsPerClient counts WebSockets awaiting hello too', async () => {
    await withServer({ limits: { maxSessionsPerClient: 2 } }, async (s) => {
      await s.client({ hello: false });
      await s.client({ hello: false });
      expect(await attempt(s)).toBe('HTTP 429');
    });
  });

  it('maxUpgradesPerSecondPerClient: a burst of upgrades past the rate gets 429 naming the limit', async () => {
    await withServer({ limits: { maxUpgradesPerSecondPerClient: 2 } }, async (s) => {
      // 20 at once against a bucket of 2 refilled at 2 a second: only a long stall could let them all in.
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          rawRequest({
            port: s.port,
            path: '/ws',
            upgrade: true,
            headers: { Host: `127.0.0.1:${s.port}` },
            until: (text) => text.includes('\r\n\r\n'),
          }),
        ),
      );
      const refused = results.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(results.filter((r) => r.status === 101).length).toBeGreaterThanOrEqual(2);
      expect(refused[0]!.body).toMatch(/at most 2 per second/);
      expect(refused[0]!.headers['retry-after']).toBe('1');
    });
  });
});

describe('INVALID frames and the command rate', () => {
  it('garbage counts against maxCommandsPerSecond: past it, a valid command is refused too', async () => {
    await withServer({ limits: { maxCommandsPerSecond: 20 } }, async (s) => {
      const c = await s.client();
      for (let i = 0; i < 200; i++) c.sendRaw('{"id": 1, "op": ');
      const refusal = await c.fail({ op: 'socket', proto: 'udp', family: 4 });
      expect(refusal).toMatchObject({ code: 'LIMIT', limit: 'maxCommandsPerSecond' });
      // Every frame still got exactly one answer, most of them LIMIT rather than INVALID.
      await eventually(() => c.frames.filter((f) => f.type === 'reply' && f.id === null).length === 200, '200 replies');
      const nulls = c.frames.filter((f) => f.type === 'reply' && f.id === null && !f.ok);
      const limited = nulls.filter((f) => f.type === 'reply' && !f.ok && f.error.code === 'LIMIT');
      expect(limited.length).toBeGreaterThan(100);
    });
  });

  it('before hello too', async () => {
    await withServer({ limits: { maxCommandsPerSecond: 20 } }, async (s) => {
      const c = await s.client({ hello: false });
      for (let i = 0; i < 200; i++) c.sendRaw(Buffer.from('x'), { binary: true });
      expect(await c.fail({ op: 'hello', protocol: 1 })).toMatchObject({
        code: 'LIMIT',
        limit: 'maxCommandsPerSecond',
      });
    });
  });
});
