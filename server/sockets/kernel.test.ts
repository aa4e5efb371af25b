/** `kernel` events: the kernel's own view (/proc/net) of a session's sockets, IPv4 and IPv6. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopback, openSocket, tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 20 });
});
afterAll(() => server.close());

describe.each([4, 6] as const)('kernel events over IPv%i', (family) => {
  it('show LISTEN, ESTABLISHED, bytes waiting while the reader is paused, and the half-close states', async () => {
    const c = await server.client();
    expect(c.welcome?.server.capabilities.kernel).toBe(true);
    const call = await tcpCall(c, family);
    await c.waitFor('kernel', (e) => e.socket === call.listener && e.state === 'LISTEN');
    await c.waitFor('kernel', (e) => e.socket === call.dialler && e.state === 'ESTABLISHED');

    await c.ok({ op: 'pause', socket: call.accepted });
    await c.ok({ op: 'send', socket: call.dialler, data: { text: 'x'.repeat(1000) } });
    // The bytes sit in the reader's kernel receive queue: the program has not read them.
    await c.waitFor('kernel', (e) => e.socket === call.accepted && e.rxQueue === 1000);
    await c.ok({ op: 'resume', socket: call.accepted });
    await c.waitFor(
      'kernel',
      (e) => e.socket === call.accepted && e.rxQueue === 0 && e.seq > c.eventsOf('resumed')[0]!.seq,
    );

    await c.ok({ op: 'end', socket: call.dialler });
    await c.waitFor('kernel', (e) => e.socket === call.dialler && e.state === 'FIN_WAIT2');
    await c.waitFor('kernel', (e) => e.socket === call.accepted && e.state === 'CLOSE_WAIT');
    // Only changes are reported: never the same view twice in a row for a socket.
    for (const s of [call.listener, call.dialler, call.accepted]) {
      const views = c
        .eventsOf('kernel', s)
        .map((e) => `${e.state} ${e.txQueue} ${e.rxQueue} ${JSON.stringify(e.tcpInfo)}`);
      views.forEach((v, i) => expect(v).not.toBe(views[i - 1]));
    }
  });

  it('show a UDP socket UNCONN, then ESTABLISHED once connected', async () => {
    const c = await server.client();
    const a = await openSocket(c, 'udp', family);
    const { local } = await c.ok({ op: 'bind', socket: a, port: 0 });
    await c.waitFor('kernel', (e) => e.socket === a && e.state === 'UNCONN');
    const b = await openSocket(c, 'udp', family);
    await c.ok({ op: 'connect', socket: b, host: loopback(family), port: local.port });
    await c.waitFor('kernel', (e) => e.socket === b && e.state === 'ESTABLISHED');
  });
});
