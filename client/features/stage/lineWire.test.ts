import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../../shared/protocol';
import { EventScript } from '../../../shared/testing/events';
import { lineWire } from './lineWire';

const seg = (socket: string, flags: string[], len = 0, tcpSeq = 1, tcpAck = 1, dir: 'out' | 'in' = 'out') =>
  ({ kind: 'segment', socket, dir, frame: 1, flags, tcpSeq, tcpAck, len, win: 65000 }) as EventInput;

describe('the wire on a call line', () => {
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.add(seg('s2', ['SYN'], 0, 0, 0));
  s.add(seg('s3', ['SYN', 'ACK'], 0, 0, 1));
  s.add(seg('s2', ['ACK']));
  const handshakeDone = s.events.length;
  for (let i = 0; i < 12; i++) s.add(seg(i % 2 ? 's3' : 's2', ['PSH', 'ACK'], 4000));
  s.add(seg('s2', ['ACK'], 0, 1, 24001)); // a pure ACK inside the burst
  s.add(seg('s2', ['FIN', 'ACK']));
  s.add(seg('s3', ['ACK']));
  s.add(seg('s9', ['SYN'], 0, 0, 0)); // another line
  const lines = new Map([['s2~s3', ['s2', 's3']]]);

  it('shows the handshake as its three segments, each from its sender', () => {
    const items = lineWire(s.events, handshakeDone, lines).get('s2~s3')!;
    expect(items.map((i) => (i.kind === 'control' ? [i.label, i.from] : i.kind))).toEqual([
      ['SYN', 's2'],
      ['SYN,ACK', 's3'],
      ['ACK', 's2'],
    ]);
  });

  it('summarises a burst, then the goodbye; keeps the latest few; other lines apart', () => {
    const items = lineWire(s.events, 1e9, lines).get('s2~s3')!;
    expect(items.map((i) => (i.kind === 'control' ? i.label : `${i.count}/${i.bytes}`))).toEqual([
      'ACK',
      '13/48000',
      'FIN,ACK',
      'ACK',
    ]);
  });

  it('says who sent a segment from outside the session (dir "in")', () => {
    const out = new EventScript();
    out.add(seg('s1', ['SYN'], 0, 0, 0));
    out.add(seg('s1', ['SYN', 'ACK'], 0, 0, 1, 'in'));
    const items = lineWire(out.events, 1e9, new Map([['gs1', ['s1']]])).get('gs1')!;
    expect(items.map((i) => i.kind === 'control' && i.from)).toEqual(['s1', null]);
  });
});
