/**
 * `kernel` events' `tcpInfo` (ss -ti) on a session's real sockets: a paused
 * reader closes its window, so the dialler's bytes are unsent, not in flight,
 * although `txQueue` counts them; compared with `ss -tin` run by the test.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/protocol';
import { ssAvailable } from '../kernel/tcpInfo';
import { openSocket, tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 20 });
});
afterAll(() => server.close());

/** ss -tin for one connection, read by column and regex (nothing of the server's parser). */
function ssByHand(localPort: number, peerPort: number) {
  const out = spawnSync('ss', ['-tinH', `( sport = :${localPort} and dport = :${peerPort} )`], {
    encoding: 'utf8',
  }).stdout;
  const [head, info = ''] = out.split('\n');
  const field = (k: string) => Number(new RegExp(` ${k}:(\\d+)`).exec(info)?.[1] ?? 0);
  return {
    sendQ: Number((head ?? '').trim().split(/\s+/)[2]),
    notsent: field('notsent'),
    bytesAcked: field('bytes_acked'),
  };
}

describe.runIf(ssAvailable())('kernel events carry the kernel tcp_info', () => {
  it('says so in welcome, and runs ss only once the session has a TCP call', async () => {
    const c = await server.client();
    expect(c.welcome?.server.capabilities.tcpInfo).toBe(true);
    const udp = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'bind', socket: udp, port: 0 });
    await c.waitFor('kernel', (e) => e.socket === udp && e.state === 'UNCONN');
    const before = server.stats().kernel;
    const samples = before.samples;
    for (let i = 0; i < 500 && server.stats().kernel.samples < samples + 3; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.stats().kernel.samples).toBeGreaterThanOrEqual(samples + 3);
    expect(server.stats().kernel.ssRuns).toBe(before.ssRuns); // UDP only: no ss
    expect(c.eventsOf('kernel', udp).every((e) => e.tcpInfo === undefined)).toBe(true);

    const call = await tcpCall(c, 4);
    await c.waitFor('kernel', (e) => e.socket === call.dialler && e.tcpInfo !== undefined);
    expect(server.stats().kernel.ssRuns).toBeGreaterThan(before.ssRuns);
    expect(c.eventsOf('kernel', call.listener).every((e) => e.tcpInfo === undefined)).toBe(true);
    await c.ok({ op: 'close', socket: call.dialler });
    await c.ok({ op: 'close', socket: call.accepted });
  });

  it.each([4, 6] as const)(
    'IPv%i: a paused reader leaves the bytes unsent, none in flight, as ss -tin says',
    async (family) => {
      const c = await server.client();
      const call = await tcpCall(c, family);
      await c.ok({ op: 'pause', socket: call.accepted });
      for (let i = 0; i < 16; i++)
        await c.ok({
          op: 'send',
          socket: call.dialler,
          data: { base64: Buffer.alloc(64 * 1024, 0x62).toString('base64') },
        });
      const dialler = c.eventsOf('connected', call.dialler)[0]!;
      // The window closes once the reader's buffer is full; from then on nothing moves but probes.
      // Take the dialler's latest report and ss's reading until they agree (bounded).
      let blocked: EventOf<'kernel'> | undefined;
      let hand = ssByHand(dialler.local.port, call.port);
      for (let i = 0; i < 100; i++) {
        const last = await c.waitFor(
          'kernel',
          (e) => e.socket === call.dialler && (e.tcpInfo?.unsent ?? 0) > 0 && e.seq > (blocked?.seq ?? 0) - 1,
        );
        blocked = c.eventsOf('kernel', call.dialler).at(-1) ?? last;
        hand = ssByHand(dialler.local.port, call.port);
        if (blocked.tcpInfo && hand.notsent === blocked.tcpInfo.unsent) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // txQueue mixes both: everything waiting looks "sent, not acknowledged".
      expect(blocked!.txQueue).toBe(blocked!.tcpInfo!.unsent + blocked!.tcpInfo!.unacked);
      expect(blocked!.tcpInfo!.unacked).toBe(0);
      expect(hand.notsent).toBe(blocked!.tcpInfo!.unsent);
      expect(hand.sendQ - hand.notsent).toBe(0);
      expect(hand.bytesAcked).toBe(blocked!.tcpInfo!.bytesAcked);
      expect(blocked!.tcpInfo!.rttMs).toBeGreaterThan(0);
      // The reader holds, unread, every byte the dialler got acknowledged (its count has the SYN besides).
      const reader = await c.waitFor(
        'kernel',
        (e) => e.socket === call.accepted && e.tcpInfo?.bytesReceived === blocked!.tcpInfo!.bytesAcked - 1,
      );
      expect(reader.rxQueue).toBe(reader.tcpInfo!.bytesReceived);

      // Reading again opens the window: the bytes go, and are acknowledged.
      await c.ok({ op: 'resume', socket: call.accepted });
      const total = 16 * 64 * 1024;
      const done = await c.waitFor('kernel', (e) => e.socket === call.dialler && e.tcpInfo?.bytesAcked === total + 1);
      expect(done.tcpInfo).toMatchObject({ unsent: 0, unacked: 0 });
      expect(done.txQueue).toBe(0);
    },
  );
});
