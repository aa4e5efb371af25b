import { describe, expect, it } from 'vitest';
import type { Event } from '../protocol';
import { createRecording, parseRecording } from '../recording';

describe('recordings carry the wire', () => {
  it('a recording with segments, datagrams, ICMP and capture status reads back whole (t may step back)', () => {
    const ep = (port: number) => ({ address: '127.0.0.1', port, family: 4 as const });
    const events: Event[] = [
      { seq: 1, t: 0.5, kind: 'capture', state: 'on', kept: 0, keptBytes: 0, notKept: 0 },
      { seq: 2, t: 2.0, kind: 'connected', socket: 's2', local: ep(40000), remote: ep(5000) },
      // Captured before connect() answered, numbered after.
      {
        seq: 3,
        t: 1.9,
        kind: 'segment',
        socket: 's2',
        dir: 'out',
        frame: 1,
        flags: ['SYN'],
        tcpSeq: 0,
        tcpAck: 0,
        len: 0,
        win: 65495,
        options: { mss: 65495 },
      },
      { seq: 4, t: 3, kind: 'datagram', socket: 's4', dir: 'out', frame: 2, src: ep(41000), dst: ep(9), len: 8 },
      {
        seq: 5,
        t: 3.1,
        kind: 'icmp',
        socket: 's4',
        dir: 'in',
        frame: 3,
        family: 4,
        type: 3,
        code: 3,
        name: 'port-unreachable',
        about: { proto: 'udp', src: ep(41000), dst: ep(9) },
      },
    ];
    const read = parseRecording(JSON.stringify(createRecording(events)));
    expect(read.ok && read.recording.events).toEqual(events);
  });

  it('a datagram with a port no packet can carry is refused, as any endpoint is', () => {
    const ep = (port: number) => ({ address: '127.0.0.1', port, family: 4 as const });
    const datagram = (src: number) =>
      ({
        seq: 1,
        t: 1,
        kind: 'datagram',
        socket: 's4',
        dir: 'out',
        frame: 1,
        src: ep(src),
        dst: ep(9),
        len: 8,
      }) as Event;
    expect(parseRecording(JSON.stringify(createRecording([datagram(41000)]))).ok).toBe(true);
    expect(parseRecording(JSON.stringify(createRecording([datagram(70000)]))).ok).toBe(false);
    expect(parseRecording(JSON.stringify(createRecording([datagram(-1)]))).ok).toBe(false);
  });
});
