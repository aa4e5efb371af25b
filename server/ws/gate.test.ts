/** The upgrade gate (Origin, capacity, path) and the heartbeat, on a real HTTP server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlloTestClient } from '../testing/client';
import { eventually } from '../testing/wait';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxSessions: 3 } });
});
afterAll(() => server.close());

const refusal = (url: string, origin?: string) =>
  AlloTestClient.connect(url, { hello: false, ...(origin ? { origin } : {}) }).then(
    (c) => {
      void c.close();
      return 'accepted';
    },
    (e: Error) => e.message,
  );

describe('Origin', () => {
  it('a foreign Origin is refused with 403 before any session exists', async () => {
    const before = server.stats();
    for (const origin of [
      'http://evil.example',
      `http://localhost:${server.port}`,
      'null',
      `https://127.0.0.1:${server.port}.evil.example`,
    ]) {
      expect(await refusal(server.wsUrl, origin)).toBe('HTTP 403');
    }
    expect(server.stats()).toEqual(before);
  });

  it('the same origin is accepted, and so is a script that sends no Origin', async () => {
    expect(await refusal(server.wsUrl, `http://127.0.0.1:${server.port}`)).toBe('accepted');
    expect(await refusal(server.wsUrl)).toBe('accepted');
  });

  it('per-message deflate is off even when the client offers it', async () => {
    const c = await AlloTestClient.connect(server.wsUrl, { hello: false, ws: { perMessageDeflate: true } });
    expect(c.ws.extensions).toBe('');
    await c.close();
  });

  it('other paths are not WebSocket endpoints (404)', async () => {
    expect(await refusal(server.wsUrl.replace('/ws', '/socket'))).toBe('HTTP 404');
  });
});

describe('capacity', () => {
  it('past maxSessions new WebSockets get 503; a freed place can be taken again', async () => {
    const clients = await Promise.all([server.client(), server.client(), server.client()]);
    expect(await refusal(server.wsUrl)).toBe('HTTP 503');
    await clients[0]!.close();
    // The closed session waits for its resume grace (300 ms in tests), then frees its place.
    await eventually(() => server.stats().sessions === 2, 'the grace to expire');
    const again = await server.client();
    expect(again.welcome?.resumed).toBe(false);
    await Promise.all([clients[1]!.close(), clients[2]!.close(), again.close()]);
  });
});

describe('capacity and resume', () => {
  it('a session waiting to be resumed does not lock its owner out; a newcomer is refused at hello', async () => {
    const small = await startTestServer({ limits: { maxSessions: 2, resumeGraceMs: 10_000 } });
    try {
      const a = await small.client();
      const b = await small.client();
      expect(await refusal(small.wsUrl)).toBe('HTTP 503');
      await a.terminate();
      await eventually(() => small.stats().websockets === 1, 'the server to notice');
      const newcomer = await small.client({ hello: false });
      expect(await newcomer.fail({ op: 'hello', protocol: 1 })).toMatchObject({ code: 'LIMIT', limit: 'maxSessions' });
      expect((await newcomer.closed).code).toBe(1013);
      const back = await small.client({ hello: { token: a.welcome!.token, lastSeq: a.lastSeq } });
      expect(back.welcome?.resumed).toBe(true);
      await Promise.all([back.close(), b.close()]);
    } finally {
      await small.close();
    }
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings; a live one stays', async () => {
    const quick = await startTestServer({ limits: { heartbeatMs: 250 } });
    try {
      const deaf = await quick.client({ ws: { autoPong: false } });
      const alive = await quick.client();
      const closed = await deaf.closed;
      expect(closed.code).toBe(1006); // terminated: no closing handshake
      expect(alive.ws.readyState).toBe(alive.ws.OPEN);
      expect((await alive.ok({ op: 'socket', proto: 'tcp', family: 4 })).socket).toBe('s1');
    } finally {
      await quick.close();
    }
  });
});
