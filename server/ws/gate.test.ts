/** The upgrade gate (Host, Origin, capacity, path) and the heartbeat, on a real HTTP server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlloTestClient } from '../testing/client';
import { maskedTextFrame, rawRequest } from '../testing/rawHttp';
import { eventually } from '../testing/wait';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxSessions: 3 }, allowedHosts: ['allo.lan', '.class.example'] });
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

const HELLO = maskedTextFrame('{"id":1,"op":"hello","protocol":1}');
const WELCOME = '"type":"welcome"';

/** An upgrade with exactly these Host and Origin headers, then a hello: the status and whether a welcome came. */
async function upgrade(host: string | undefined, origin?: string, version?: string) {
  const res = await rawRequest({
    port: server.port,
    path: '/ws',
    version,
    upgrade: true,
    headers: { Host: host, Origin: origin },
    after: HELLO,
    until: (text) => text.includes(WELCOME),
  });
  return { status: res.status, welcome: res.body.includes(WELCOME), body: res.body };
}

describe('the Host rule (DNS rebinding), on HTTP and on the upgrade', () => {
  const port = () => server.port;
  /** [Host, Origin, allowed?] — the same names must be answered the same way by HTTP and by the upgrade. */
  const table: [string, () => string | undefined, () => string | undefined, boolean][] = [
    ['loopback address, no Origin (a script)', () => `127.0.0.1:${port()}`, () => undefined, true],
    ['loopback address, same origin', () => `127.0.0.1:${port()}`, () => `http://127.0.0.1:${port()}`, true],
    ['localhost', () => `localhost:${port()}`, () => `http://localhost:${port()}`, true],
    ['localhost, any case, trailing dot', () => `LocalHost.:${port()}`, () => `http://localhost.:${port()}`, true],
    ['a name under .localhost', () => `allo.localhost:${port()}`, () => `http://allo.localhost:${port()}`, true],
    ['IPv6 loopback', () => `[::1]:${port()}`, () => `http://[::1]:${port()}`, true],
    ['a name from --allowed-host', () => `allo.lan:${port()}`, () => `http://allo.lan:${port()}`, true],
    [
      'a name under an allowed .domain',
      () => `pc12.class.example:${port()}`,
      () => `http://pc12.class.example:${port()}`,
      true,
    ],
    ['a rebound name, same origin', () => 'evil.example:3000', () => 'http://evil.example:3000', false],
    ['a rebound name on our port', () => `evil.example:${port()}`, () => `http://evil.example:${port()}`, false],
    ['a rebound name, no Origin', () => `evil.example:${port()}`, () => undefined, false],
    [
      'localhost as a prefix',
      () => `localhost.evil.example:${port()}`,
      () => `http://localhost.evil.example:${port()}`,
      false,
    ],
    ['an allowed name as a prefix', () => `allo.lan.evil.example:${port()}`, () => undefined, false],
    ['a name that spells an address', () => `127.0.0.1.nip.io:${port()}`, () => undefined, false],
    ['an address in another spelling', () => `2130706433:${port()}`, () => undefined, false],
    ['a foreign Origin', () => `127.0.0.1:${port()}`, () => `http://evil.example:${port()}`, false],
    ['Origin with another allowed name', () => `localhost:${port()}`, () => `http://127.0.0.1:${port()}`, false],
    ['an unclosed IPv6 bracket', () => `[::1:${port()}`, () => undefined, false],
    ['a port out of range', () => 'localhost:99999', () => undefined, false],
    ['userinfo', () => `user@localhost:${port()}`, () => undefined, false],
    ['an empty Host', () => '', () => undefined, false],
  ];

  it.each(table)('upgrade: %s', async (_what, host, origin, allowed) => {
    const r = await upgrade(host(), origin());
    expect({ status: r.status, welcome: r.welcome }).toEqual(
      allowed ? { status: 101, welcome: true } : { status: 403, welcome: false },
    );
  });

  it.each(table.filter(([what]) => !what.includes('Origin')))('HTTP: %s', async (_what, host, _origin, allowed) => {
    const res = await rawRequest({ port: server.port, path: '/healthz', headers: { Host: host() } });
    expect(res.status).toBe(allowed ? 200 : 403);
    if (!allowed) expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('the DNS-rebinding pair of the issue: 403, a sentence saying how to allow the name, no welcome', async () => {
    const before = server.stats();
    const r = await upgrade('evil.example:3000', 'http://evil.example:3000');
    expect(r.status).toBe(403);
    expect(r.welcome).toBe(false);
    expect(r.body).toMatch(/--allowed-host evil\.example/);
    const page = await rawRequest({ port: server.port, path: '/', headers: { Host: 'evil.example:3000' } });
    expect(page.status).toBe(403);
    expect(page.body).toMatch(/DNS rebinding.*--allowed-host evil\.example/s);
    expect(server.stats()).toEqual(before);
  });

  it('an upgrade with no Host at all is refused (HTTP/1.0, which Node lets through without one)', async () => {
    const r = await upgrade(undefined, undefined, 'HTTP/1.0');
    expect(r).toMatchObject({ status: 403, welcome: false });
    expect(r.body).toMatch(/no Host header/);
    const http10 = await rawRequest({ port: server.port, path: '/healthz', version: 'HTTP/1.0', headers: {} });
    expect(http10.status).toBe(403);
  });

  it('the Host rule also guards other upgrade paths (checked before the path)', async () => {
    const res = await rawRequest({
      port: server.port,
      path: '/socket',
      upgrade: true,
      headers: { Host: 'evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('Origin', () => {
  it('a foreign Origin is refused with 403 before any session exists', async () => {
    const before = server.stats();
    for (const origin of [
      'http://evil.example',
      `http://localhost:${server.port}`,
      'null',
      `https://127.0.0.1:${server.port}.evil.example`,
      `ftp://127.0.0.1:${server.port}`,
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
    await eventually(() => server.stats().sessions === 0, 'earlier sessions to end');
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
  it('a session waiting to be resumed does not lock its owner out', async () => {
    const small = await startTestServer({ limits: { maxSessions: 2, resumeGraceMs: 10_000 } });
    try {
      const a = await small.client();
      const b = await small.client();
      expect(await refusal(small.wsUrl)).toBe('HTTP 503');
      await a.terminate();
      await eventually(() => small.stats().websockets === 1, 'the server to notice');
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
