/**
 * The WebSocket edge: bad frames of every sort get their specific error and the
 * session (and its sockets, and other sessions) carry on.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlloTestClient } from '../testing/client';
import { tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxPayloadBytes: 64 * 1024 } });
});
afterAll(() => server.close());

/** The call still works: bytes go through and arrive. */
async function callStillWorks(c: AlloTestClient, call: { dialler: string; accepted: string }, text: string) {
  await c.ok({ op: 'send', socket: call.dialler, data: { text } });
  await c.waitFor('received', (e) => e.socket === call.accepted && e.data.text === text);
}

describe('bad frames', () => {
  it('each gets its specific error; the session and its sockets carry on', async () => {
    const c = await server.client();
    const call = await tcpCall(c, 4);

    c.sendRaw('{"id": 1, "op": ');
    expect(await c.nullReply()).toMatchObject({
      id: null,
      error: { code: 'INVALID', message: 'The frame is not valid JSON.' },
    });
    c.sendRaw('[1, 2]');
    expect(await c.nullReply()).toMatchObject({ id: null, error: { code: 'INVALID' } });
    c.sendRaw('{"op": "socket", "proto": "tcp", "family": 4}');
    expect(await c.nullReply()).toMatchObject({
      id: null,
      error: { code: 'INVALID', message: expect.stringMatching(/"id"/) },
    });
    c.sendRaw(Buffer.from('{"id": 1}'), { binary: true });
    expect(await c.nullReply()).toMatchObject({
      id: null,
      error: { code: 'INVALID', message: expect.stringMatching(/binary/) },
    });

    const unknown = await c.send({ op: 'dial' } as never);
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'INVALID', message: expect.stringMatching(/Unknown op "dial"/) },
    });
    const wrongTypes = await c.send({ op: 'socket', proto: 'sctp', family: '4' } as never);
    expect(wrongTypes).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    if (!wrongTypes.ok) {
      expect(wrongTypes.error.message).toMatch(/proto/);
      expect(wrongTypes.error.message).toMatch(/family/);
    }
    const extra = await c.send({ op: 'close', socket: call.dialler, now: true } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID', message: expect.stringMatching(/now/) } });
    const badBase64 = await c.send({ op: 'send', socket: call.dialler, data: { base64: 'not base64!' } });
    expect(badBase64).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    expect(await c.fail({ op: 'close', socket: 's999' })).toEqual({
      code: 'NOT_FOUND',
      message: 'There is no socket "s999" in this session.',
    });
    expect(await c.fail({ op: 'hello', protocol: 1 })).toMatchObject({ code: 'BAD_STATE' });

    await callStillWorks(c, call, 'toujours en ligne');
    // Every command above got exactly one reply.
    const replies = c.frames.filter((f) => f.type === 'reply');
    const ids = replies.map((r) => (r.type === 'reply' ? r.id : undefined)).filter((id) => id !== null);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('commands before hello get NO_SESSION; a wrong protocol gets PROTOCOL', async () => {
    const c = await server.client({ hello: false });
    expect(await c.fail({ op: 'socket', proto: 'tcp', family: 4 })).toMatchObject({ code: 'NO_SESSION' });
    expect(await c.fail({ op: 'hello', protocol: 2 } as never)).toMatchObject({
      code: 'PROTOCOL',
      message: expect.stringMatching(/protocol 1/),
    });
    const welcome = await c.hello();
    expect(welcome).toMatchObject({ protocol: 1, lastSeq: 0, resumed: false });
    expect(welcome.token.length).toBeGreaterThanOrEqual(32);
    expect(welcome.server.capabilities.ipv6).toBe(true);
    expect(welcome.server.policy).toMatchObject({ loopbackOnly: true, minPort: 1024, allow: [] });
    expect(welcome.server.policy.limits.maxPayloadBytes).toBe(64 * 1024);
    expect(welcome.server.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("another session's socket ids are answered exactly like nonexistent ones", async () => {
    const a = await server.client();
    const b = await server.client();
    const call = await tcpCall(a, 4);
    for (const op of ['close', 'reset', 'end', 'pause'] as const) {
      const foreign = await b.fail({ op, socket: call.dialler });
      const none = await b.fail({ op, socket: 's4242' });
      expect(foreign).toEqual({ ...none, message: none.message.replace('s4242', call.dialler) });
      expect(foreign.code).toBe('NOT_FOUND');
    }
    expect(await b.fail({ op: 'send', socket: call.accepted, data: { text: 'intrus' } })).toMatchObject({
      code: 'NOT_FOUND',
    });
    await callStillWorks(a, call, 'rien vu');
    expect(b.events.some((e) => 'socket' in e && e.socket === call.dialler)).toBe(false);
  });
});

describe('exactly one reply', () => {
  it('for every frame of a mixed, seeded barrage of good and bad frames', async () => {
    const c = await server.client();
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const frames = [
      (id: number) => JSON.stringify({ id, op: 'socket', proto: 'udp', family: 4 }),
      (id: number) => JSON.stringify({ id, op: 'close', socket: `s${rand(40)}` }),
      (id: number) => JSON.stringify({ id, op: 'send', socket: `s${rand(40)}`, data: { text: 'x' } }),
      (id: number) => JSON.stringify({ id, op: 'bind', socket: `s${rand(40)}`, port: 0 }),
      (id: number) => JSON.stringify({ id, op: 'pause', socket: 's1', extra: 1 }),
      (id: number) => JSON.stringify({ id, op: 'nope' }),
      (id: number) => JSON.stringify({ id, op: 'connect', socket: 's1', host: '', port: 1 }),
      (id: number) => `{"id": ${id}, "op": "socket", "proto": "tcp", "family": 4`,
    ];
    const N = 150;
    let nullIds = 0;
    const replies = () => c.frames.filter((f) => f.type === 'reply').slice(before);
    const before = c.frames.filter((f) => f.type === 'reply').length;
    for (let id = 1001; id <= 1000 + N; id++) {
      const k = rand(frames.length);
      if (k === frames.length - 1) nullIds++;
      c.sendRaw(frames[k]!(id));
    }
    await c.until(() => replies().length >= N, `${N} replies`, 15_000);
    const ids = replies().map((r) => (r.type === 'reply' ? r.id : undefined));
    expect(ids.filter((id) => id === null)).toHaveLength(nullIds);
    const numbered = ids.filter((id): id is number => typeof id === 'number');
    expect(new Set(numbered).size).toBe(numbered.length);
    expect(numbered.length + nullIds).toBe(N);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('maxPayload', () => {
  it('a message over maxPayloadBytes, even in fragments, closes that WebSocket with 1009; the rest carries on', async () => {
    const other = await server.client();
    const call = await tcpCall(other, 4);
    const victim = await server.client();
    // Three fragments of 30 KiB: each is small, the reassembled message (90 KiB) is not.
    const part = Buffer.alloc(30 * 1024, 0x20);
    victim.sendRaw(part, { fin: false });
    victim.sendRaw(part, { fin: false });
    victim.sendRaw(part, { fin: true });
    expect((await victim.closed).code).toBe(1009);
    await callStillWorks(other, call, 'après le gros message');
    // The server still takes new connections.
    const fresh = await server.client();
    expect((await fresh.ok({ op: 'socket', proto: 'udp', family: 4 })).socket).toBe('s1');
  });

  it('a message just under the limit is parsed (and refused as a command, not as a frame)', async () => {
    const c = await server.client();
    const text = 'x'.repeat(60 * 1024);
    const r = await c.send({ op: 'socket', proto: 'tcp', family: 4, label: text });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID', message: expect.stringMatching(/label/) } });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});
