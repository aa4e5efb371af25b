/**
 * 200 sessions with real sockets, ended cleanly and abruptly: afterwards the
 * process's open file descriptors are back to their baseline.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlloTestClient } from '../testing/client';
import { openSocket, tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';
import { eventually } from '../testing/wait';

const openFds = () => readdirSync('/proc/self/fd').length;
/**
 * Why any slack at all: the first runs may make Node open a lazy descriptor for
 * good (a libuv thread-pool or signal pipe, a DNS resolver socket). Anything
 * leaked per session would be 200 or more here, never 4.
 */
const SLACK = 4;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { resumeGraceMs: 50 } });
});
afterAll(() => server.close());

/** One session doing real work: a TCP call (3 sockets) and a bound UDP socket. */
async function busySession(): Promise<AlloTestClient> {
  const c = await server.client();
  const call = await tcpCall(c, 4);
  await c.ok({ op: 'send', socket: call.dialler, data: { text: 'allô' } });
  await c.waitFor('received', (e) => e.socket === call.accepted);
  const u = await openSocket(c, 'udp', 6);
  await c.ok({ op: 'bind', socket: u, port: 0 });
  return c;
}

describe('resources', () => {
  it('200 sessions opened and closed (clean and abrupt) leave no file descriptor behind', async () => {
    // Warm up, so lazily opened descriptors exist before the baseline.
    const warm = await busySession();
    await warm.close();
    await eventually(() => server.stats().sessions === 0, 'warm-up session to end');
    const baseline = openFds();

    const BATCH = 20;
    for (let b = 0; b < 200 / BATCH; b++) {
      const clients = await Promise.all(Array.from({ length: BATCH }, () => busySession()));
      expect(server.stats().sockets).toBe(BATCH * 4);
      // The count does see them: 4 sockets and 2 WebSocket ends per session.
      if (b === 0) expect(openFds()).toBeGreaterThanOrEqual(baseline + BATCH * 4);
      // Half hang up properly, half vanish (no closing handshake).
      await Promise.all(clients.map((c, i) => (i % 2 ? c.close() : c.terminate())));
      await eventually(
        () => server.stats().sessions === 0 && server.stats().websockets === 0,
        'the batch to end',
        10_000,
      );
    }
    expect(server.stats()).toMatchObject({ sessions: 0, sockets: 0, websockets: 0, logBytes: 0, outboxBytes: 0 });
    await eventually(() => openFds() <= baseline + SLACK, `fds back to ${baseline} (+${SLACK})`, 10_000);
  }, 120_000);
});
