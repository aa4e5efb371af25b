/**
 * The server's log, read from an injected destination: one line per session
 * start and end, per refusal (Host, Origin, full, a limit) and per internal
 * error, a ws error no longer swallowed, and never a payload byte or a token.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, readableDestination, type LogLevel } from './log';
import { AlloTestClient } from './testing/client';
import { rawRequest } from './testing/rawHttp';
import { tcpCall } from './testing/scenarios';
import { startTestServer } from './testing/server';
import { eventually } from './testing/wait';

interface Line {
  level: number;
  msg: string;
  event?: string;
  rule?: string;
  [k: string]: unknown;
}

function capture(level: LogLevel = 'info') {
  const lines: Line[] = [];
  const raw: string[] = [];
  const logger = createLogger(level, {
    write(s: string) {
      raw.push(s);
      lines.push(JSON.parse(s) as Line);
    },
  });
  return { logger, lines, raw };
}

const WARN = 40;

describe('the log', () => {
  it('a refused Host, Origin and full server each give one warn line that says why', async () => {
    const { logger, lines } = capture();
    const server = await startTestServer({ logger, limits: { maxSessions: 1 } });
    try {
      await rawRequest({ port: server.port, path: '/', headers: { Host: 'evil.example:3000' } });
      await rawRequest({
        port: server.port,
        path: '/ws',
        upgrade: true,
        headers: { Host: 'evil.example:3000', Origin: 'http://evil.example:3000' },
      });
      await AlloTestClient.connect(server.wsUrl, { origin: 'http://evil.example' }).catch(() => {});
      await server.client();
      await AlloTestClient.connect(server.wsUrl).catch(() => {});
      const refusals = lines.filter((l) => l.event === 'refused');
      expect(refusals.map((l) => [l.level, l.rule])).toEqual([
        [WARN, 'host'],
        [WARN, 'host'],
        [WARN, 'origin'],
        [WARN, 'maxSessions'],
      ]);
      expect(refusals[0]!.msg).toMatch(/evil\.example.*--allowed-host evil\.example/);
      expect(refusals[0]).toMatchObject({ client: 'loopback', host: 'evil.example:3000' });
    } finally {
      await server.close();
    }
  });

  it('a per-client limit refused at the door is logged with the limit it hit', async () => {
    const { logger, lines } = capture();
    const server = await startTestServer({ logger, limits: { maxSessionsPerClient: 1 } });
    try {
      await server.client();
      expect(await AlloTestClient.connect(server.wsUrl).catch((e: Error) => e.message)).toBe('HTTP 429');
      expect(lines.filter((l) => l.event === 'refused')).toEqual([
        expect.objectContaining({ level: WARN, rule: 'maxSessionsPerClient', status: 429 }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('one line per session start and end, with the reason; never a payload byte or the token', async () => {
    const { logger, lines, raw } = capture('debug');
    const server = await startTestServer({ logger, limits: { resumeGraceMs: 50 } });
    try {
      const c = await server.client();
      const call = await tcpCall(c, 4);
      const secret = 'MOT-DE-PASSE-DE-LA-PROF';
      await c.ok({ op: 'send', socket: call.dialler, data: { text: secret } });
      await c.waitFor('received', (e) => e.socket === call.accepted);
      await c.close();
      await eventually(() => lines.some((l) => l.event === 'session-end'), 'the session to end');
      const session = c.welcome!.session;
      expect(lines.filter((l) => l.event === 'session-start')).toEqual([
        expect.objectContaining({ session, client: 'loopback', msg: expect.stringMatching(/started/) }),
      ]);
      expect(lines.filter((l) => l.event === 'session-end')).toEqual([
        expect.objectContaining({ session, reason: 'grace-expired', msg: expect.stringMatching(/ended/) }),
      ]);
      const all = raw.join('');
      expect(all).not.toContain(secret);
      expect(all).not.toContain(Buffer.from(secret).toString('base64'));
      expect(all).not.toContain(c.welcome!.token);
    } finally {
      await server.close();
    }
  });

  it('an internal error is logged at error level with the op (and the page still gets INTERNAL)', async () => {
    const { logger, lines } = capture();
    // A resolver that breaks its contract stands in for a bug of ours.
    const server = await startTestServer({ logger, resolve: async () => ({}) as never });
    try {
      const c = await server.client();
      const s = (await c.ok({ op: 'socket', proto: 'tcp', family: 4 })).socket;
      expect(await c.fail({ op: 'connect', socket: s, host: 'bug.example', port: 9 })).toMatchObject({
        code: 'INTERNAL',
      });
      expect(lines.filter((l) => l.event === 'internal-error')).toEqual([
        expect.objectContaining({ level: 50, op: 'connect', msg: expect.stringMatching(/Internal error in connect/) }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('a ws protocol error (a message over maxPayloadBytes) is logged, not swallowed', async () => {
    const { logger, lines } = capture();
    const server = await startTestServer({ logger, limits: { maxPayloadBytes: 1024 } });
    try {
      const c = await server.client();
      c.sendRaw('x'.repeat(4096));
      expect((await c.closed).code).toBe(1009); // message too big
      await eventually(() => lines.some((l) => l.event === 'ws-error'), 'a ws-error line');
      expect(lines.find((l) => l.event === 'ws-error')).toMatchObject({ level: WARN, client: 'loopback' });
    } finally {
      await server.close();
    }
  });

  it('is quiet by default: a working session writes nothing below info', async () => {
    const { logger, lines } = capture();
    const server = await startTestServer({ logger });
    try {
      const c = await server.client();
      for (let i = 0; i < 20; i++) await c.send({ op: 'socket', proto: 'udp', family: 4 });
      expect(lines.map((l) => l.event)).toEqual(['session-start']);
    } finally {
      await server.close();
    }
  });
});

describe('readableDestination', () => {
  it('turns a JSON line into a line a teacher can read, with the extra fields in brackets', () => {
    const out: string[] = [];
    const logger = createLogger('info', readableDestination({ write: (s: string) => out.push(s) }));
    logger.warn({ event: 'refused', rule: 'host', client: 'loopback' }, 'WebSocket refused (host): not allowed');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\d\d:\d\d:\d\d WARN  WebSocket refused \(host\): not allowed \[rule=host client=loopback\]\n$/,
    );
  });
});
