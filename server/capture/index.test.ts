/**
 * Work done per captured packet with many sessions: the capture asks only the sessions that know one of the
 * packet's ports (its index), not every session about every packet. Real tcpdump, real UDP sockets on
 * loopback; the sessions are the capture's minimal WireSession, told of their sockets by `bound` events.
 */
import dgram from 'node:dgram';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Event, EventInput } from '../../shared/protocol';
import { CaptureService } from './CaptureService';
import type { WireSession } from './SessionWire';
import { probeCapture } from './tcpdump';

const capability = await probeCapture();

function fakeSession(): WireSession & { events: Event[] } {
  const events: Event[] = [];
  return {
    ended: false,
    attached: true,
    events,
    log: {
      after: (seq: number) => events.filter((e) => e.seq > seq),
      get lastSeq() {
        return events.length;
      },
    },
    emit(e: EventInput) {
      events.push({ ...e, seq: events.length + 1, t: 1 } as Event);
    },
  };
}

describe.skipIf(!capability.available)('capture index', () => {
  const sockets: dgram.Socket[] = [];
  let service: CaptureService | undefined;
  afterAll(() => {
    service?.close();
    for (const s of sockets) s.close();
  });

  it('200 sessions: each packet is asked of its owners only, and each owner gets its own side', async () => {
    const SESSIONS = 200;
    const DATAGRAMS = 20;
    const sessions = Array.from({ length: SESSIONS }, fakeSession);
    for (const [i, s] of sessions.entries()) {
      const sock = dgram.createSocket('udp4');
      sockets.push(sock);
      await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
      const local = { address: '127.0.0.1', port: sock.address().port, family: 4 as const };
      s.emit({ kind: 'created', socket: `s${i}`, proto: 'udp', family: 4 });
      s.emit({ kind: 'bound', socket: `s${i}`, local });
    }
    service = new CaptureService({
      capability,
      sessions: () => sessions,
      serverPort: () => 1,
      snaplen: 200,
      maxBytesPerSession: 1 << 20,
      tickMs: 20,
    });
    await vi.waitFor(() => expect(sessions[0]!.events.some((e) => e.kind === 'capture')).toBe(true), {
      timeout: 10_000,
    });
    const before = { ...service.stats };
    // Session 0's socket → session 1's socket.
    const to = sockets[1]!.address().port;
    for (let n = 0; n < DATAGRAMS; n++) sockets[0]!.send(`d${n}`, to, '127.0.0.1');
    const datagrams = (s: (typeof sessions)[number]) => s.events.filter((e) => e.kind === 'datagram');
    await vi.waitFor(() => expect(datagrams(sessions[1]!)).toHaveLength(DATAGRAMS), { timeout: 10_000 });
    expect(datagrams(sessions[0]!)).toHaveLength(DATAGRAMS);
    expect(datagrams(sessions[0]!)[0]).toMatchObject({ socket: 's0', dir: 'out' });
    expect(datagrams(sessions[1]!)[0]).toMatchObject({ socket: 's1', dir: 'in' });
    for (const s of sessions.slice(2)) expect(datagrams(s)).toHaveLength(0);
    const packets = service.stats.packets - before.packets;
    const consulted = service.stats.consulted - before.consulted;
    expect(packets).toBeGreaterThanOrEqual(DATAGRAMS);
    // Two owners per datagram. The old scan asked all 200 sessions about each one (4,000 here, at least).
    // Other loopback traffic on the machine is counted in `packets` too; it knows none of these ports.
    expect(consulted).toBeLessThanOrEqual(2 * packets);
    expect(consulted).toBeGreaterThanOrEqual(2 * DATAGRAMS);
  }, 30_000);
});
