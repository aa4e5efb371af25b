import { describe, expect, it } from 'vitest';
import type { Event, EventInput } from '../../shared/protocol';
import type { IpPacket, TcpFlag } from '../../shared/wire/decode';
import { SessionWire, type WireSession } from './SessionWire';

const L = { address: '127.0.0.1', port: 5000, family: 4 as const };
const D = { address: '127.0.0.1', port: 40000, family: 4 as const };

function fakeSession(inputs: EventInput[]): WireSession & { events: Event[] } {
  const events: Event[] = [];
  const s = {
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
  for (const e of inputs) s.emit(e);
  return s;
}
const tcp = (from: typeof L, to: typeof L, flags: TcpFlag[]): IpPacket => ({
  family: 4,
  src: from.address,
  dst: to.address,
  ttl: 64,
  transport: {
    proto: 'tcp',
    srcPort: from.port,
    dstPort: to.port,
    seq: 1,
    ack: 0,
    flags,
    window: 100,
    options: {},
    payloadLength: 0,
    payload: new Uint8Array(0),
  },
});

describe('whose packet is it', () => {
  const base: EventInput[] = [
    { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
    { kind: 'listening', socket: 's1', local: L, backlog: 16 },
    { kind: 'created', socket: 's2', proto: 'tcp', family: 4 },
    { kind: 'connecting', socket: 's2', remote: L },
  ];

  it('a SYN belongs to the dialler even when its call was accepted before its connect() answered', () => {
    const s = fakeSession([...base, { kind: 'accepted', socket: 's1', child: 's3', local: L, remote: D }]);
    const w = new SessionWire(s, 1 << 20);
    w.scan();
    expect(w.attribute(tcp(D, L, ['SYN']), false)).toEqual({ socket: 's2', dir: 'out', peer: 's3' });
    expect(w.attribute(tcp(L, D, ['SYN', 'ACK']), false)).toEqual({ socket: 's3', dir: 'out', peer: 's2' });
  });

  it('waits while only the listener knows the call, then gives it to the accepted socket', () => {
    const s = fakeSession([...base, { kind: 'connected', socket: 's2', local: D, remote: L }]);
    const w = new SessionWire(s, 1 << 20);
    w.scan();
    expect(w.attribute(tcp(D, L, ['SYN']), false)).toBe('wait');
    s.emit({ kind: 'accepted', socket: 's1', child: 's3', local: L, remote: D });
    w.scan();
    expect(w.attribute(tcp(D, L, ['SYN']), false)).toEqual({ socket: 's2', dir: 'out', peer: 's3' });
  });

  it("leaves other people's packets alone, and still knows a closed socket's last ACK", () => {
    const s = fakeSession([
      ...base,
      { kind: 'connected', socket: 's2', local: D, remote: L },
      { kind: 'closed', socket: 's2', hadError: false },
    ]);
    const w = new SessionWire(s, 1 << 20);
    w.scan();
    const other = { address: '127.0.0.1', port: 6000, family: 4 as const };
    expect(w.attribute(tcp(other, { ...other, port: 6001 }, ['ACK']), true)).toBeUndefined();
    expect(w.attribute(tcp(D, L, ['ACK']), true)).toEqual({ socket: 's2', dir: 'out', peer: 's1' });
  });

  it('keeps packets within its byte budget and counts the rest', () => {
    const s = fakeSession(base);
    const w = new SessionWire(s, 100);
    const record = (n: number) => ({ timeMs: 1, tsSec: 0, tsFrac: 0, origLen: n, data: new Uint8Array(n) });
    w.take(record(60), tcp(D, L, ['SYN']), { socket: 's2', dir: 'out' }, 1);
    w.take(record(60), tcp(L, D, ['SYN', 'ACK']), { socket: 's2', dir: 'in' }, 1);
    w.status('on');
    expect(w.packets).toHaveLength(1);
    expect(s.events.filter((e) => e.kind === 'segment')).toHaveLength(1);
    expect(s.events.at(-1)).toMatchObject({ kind: 'capture', kept: 1, keptBytes: 76, notKept: 1 });
  });
});
