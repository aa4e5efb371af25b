/**
 * Why a TCP socket closed, and what its close() put on the wire: FIN, or the
 * RST the kernel sends when received bytes are still unread (RFC 2525 §2.17),
 * checked by what the real peer gets. Real loopback sockets, one session.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelTableReadable } from '../kernel';
import { startTestServer, type TestServer } from '../testing/server';
import { loopback, openSocket, tcpCall } from '../testing/scenarios';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The kernel's receive queue of the TCP socket whose local port is `port` and peer port `peer`, from `ss`. */
function ssRecvQ(port: number, peer: number): number | undefined {
  const out = execFileSync('ss', ['-tanH', `sport = :${port} and dport = :${peer}`], { encoding: 'utf8' }).trim();
  const fields = out.split('\n')[0]?.trim().split(/\s+/);
  return fields && fields.length > 2 ? Number(fields[1]) : undefined;
}

describe.each([4, 6] as const)('closing TCP over IPv%i', (family) => {
  it('close() on a call that had not said goodbye sends FIN: closed {cause: user, fin: true}; the peer hears it', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'close', socket: call.dialler });
    const closed = await c.waitFor('closed', (e) => e.socket === call.dialler);
    expect(closed).toMatchObject({ hadError: false, cause: 'user', fin: true });
    expect(closed.rst).toBeUndefined();
    await c.waitFor('peer-ended', (e) => e.socket === call.accepted);
  });

  it('shutdown() then the peer’s close(): Node closes the socket itself, closed {cause: node}, no FIN of its own', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'end', socket: call.dialler });
    await c.waitFor('ended', (e) => e.socket === call.dialler);
    await c.waitFor('peer-ended', (e) => e.socket === call.accepted);
    await c.ok({ op: 'close', socket: call.accepted });
    const answerer = await c.waitFor('closed', (e) => e.socket === call.accepted);
    // Its goodbye had not been said: the close() sent the FIN.
    expect(answerer).toMatchObject({ cause: 'user', fin: true });
    const client = await c.waitFor('closed', (e) => e.socket === call.dialler);
    expect(client).toMatchObject({ hadError: false, cause: 'node' });
    expect(client.fin).toBeUndefined();
    expect(c.kindsOf(call.dialler).slice(-3)).toEqual(['ended', 'peer-ended', 'closed']);
  });

  it.runIf(kernelTableReadable())(
    'close() with unread bytes in the receive queue sends RST: closed {rst: true}; the peer gets ECONNRESET',
    async () => {
      const c = await server.client();
      const call = await tcpCall(c, family);
      await c.ok({ op: 'pause', socket: call.accepted });
      await c.ok({ op: 'send', socket: call.dialler, data: { text: 'unread' } });
      const acc = await c.waitFor('connected', (e) => e.socket === call.dialler);
      // Wait until the kernel holds the six bytes in the reader's receive queue (as ss sees it).
      await c.until(() => ssRecvQ(acc.remote.port, acc.local.port) === 6, 'six unread bytes in the kernel');
      await c.ok({ op: 'close', socket: call.accepted });
      const closed = await c.waitFor('closed', (e) => e.socket === call.accepted);
      expect(closed).toMatchObject({ cause: 'user', rst: true });
      expect(closed.fin).toBeUndefined();
      // The wire had a RST, not a FIN: the peer's kernel says ECONNRESET, never a goodbye.
      const err = await c.waitFor('error', (e) => e.socket === call.dialler);
      expect(err.code).toBe('ECONNRESET');
      const peerClosed = await c.waitFor('closed', (e) => e.socket === call.dialler);
      expect(peerClosed).toMatchObject({ hadError: true, cause: 'peer-reset' });
      expect(c.eventsOf('peer-ended', call.dialler)).toHaveLength(0);
    },
  );

  it.runIf(kernelTableReadable())(
    'close() when only the peer’s FIN is unread sends FIN, not RST: a FIN is no data (the kernel’s receive queue counts it)',
    async () => {
      const c = await server.client();
      const call = await tcpCall(c, family);
      // The answerer stops reading, so its program never reads the end of the stream the dialler's FIN brings.
      await c.ok({ op: 'pause', socket: call.accepted });
      await c.ok({ op: 'end', socket: call.dialler });
      const acc = await c.waitFor('connected', (e) => e.socket === call.dialler);
      // The kernel's receive queue (rcv_nxt − copied_seq) holds the FIN's one sequence number, and no byte.
      await c.until(() => ssRecvQ(acc.remote.port, acc.local.port) === 1, 'the FIN waiting in the receive queue');
      await c.ok({ op: 'close', socket: call.accepted });
      const closed = await c.waitFor('closed', (e) => e.socket === call.accepted);
      expect(closed).toMatchObject({ cause: 'user', fin: true });
      expect(closed.rst).toBeUndefined();
      // The wire agrees: the dialler hears a goodbye, never ECONNRESET.
      await c.waitFor('peer-ended', (e) => e.socket === call.dialler);
      expect(await c.waitFor('closed', (e) => e.socket === call.dialler)).toMatchObject({ hadError: false });
      expect(c.eventsOf('error', call.dialler)).toHaveLength(0);
    },
  );

  it('reset: closed {cause: user, rst: true}; the peer’s closed says peer-reset', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    await c.ok({ op: 'reset', socket: call.dialler });
    expect(await c.waitFor('closed', (e) => e.socket === call.dialler)).toMatchObject({ cause: 'user', rst: true });
    expect(await c.waitFor('closed', (e) => e.socket === call.accepted)).toMatchObject({ cause: 'peer-reset' });
  });

  it('a refused call closes with cause error', async () => {
    const c = await server.client();
    const s = await openSocket(c, 'tcp', family);
    const probe = await openSocket(c, 'tcp', family);
    // A port bound by nobody a moment ago: bind, note, close.
    const { local } = await c.ok({ op: 'bind', socket: probe, port: 0 });
    await c.ok({ op: 'close', socket: probe });
    await c.ok({ op: 'connect', socket: s, host: loopback(family), port: local.port });
    await c.waitFor('error', (e) => e.socket === s && e.code === 'ECONNREFUSED');
    expect(await c.waitFor('closed', (e) => e.socket === s)).toMatchObject({ hadError: true, cause: 'error' });
  });
});
